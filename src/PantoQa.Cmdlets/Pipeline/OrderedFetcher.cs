using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// Fetches up to a throttle's worth of ids at once while handing results back strictly in
/// input order, as soon as each one and all before it are done. Results stream: the first
/// object reaches the pipeline while later ids are still in flight.
/// </summary>
/// <remarks>
/// The throttle bounds fetched-or-in-flight ids, not just requests: results that are done
/// wait behind a slow head, and each may hold a whole response body (a trigger's runs), so
/// at most a throttle's worth of bodies is ever held unwritten. A new request starts only
/// once the head is written.
/// </remarks>
internal sealed class OrderedFetcher<T>
{
    private readonly Queue<(string Id, Task<T> Task)> _pending = new Queue<(string, Task<T>)>();
    private readonly int _window;
    private readonly Func<string, CancellationToken, Task<T>> _fetch;
    private readonly Action<Task> _await;
    private readonly CancellationToken _stopping;

    /// <param name="throttle">Most requests in flight at once.</param>
    /// <param name="fetch">One id's call.</param>
    /// <param name="await">Blocks the pipeline thread on a task while pumping its output.</param>
    /// <param name="stopping">Cancels the fetches when the pipeline stops.</param>
    internal OrderedFetcher(int throttle, Func<string, CancellationToken, Task<T>> fetch, Action<Task> await, CancellationToken stopping)
    {
        _window = throttle;
        _fetch = fetch;
        _await = await;
        _stopping = stopping;
    }

    // Pipeline thread: Add, Complete and Drain; only the fetches run on workers.

    /// <summary>Starts one id and returns the results that are ready, in order.</summary>
    internal IEnumerable<(string Id, Task<T> Done)> Add(string id)
    {
        _pending.Enqueue((id, _fetch(id, _stopping)));
        return Drain(untilCount: _window - 1);
    }

    /// <summary>Waits for and returns everything still pending, in order.</summary>
    internal IEnumerable<(string Id, Task<T> Done)> Complete() => Drain(untilCount: 0);

    private IEnumerable<(string Id, Task<T> Done)> Drain(int untilCount)
    {
        while (_pending.Count > 0)
        {
            var head = _pending.Peek();
            if (!head.Task.IsCompleted)
            {
                if (_pending.Count <= untilCount)
                {
                    yield break;
                }

                _await(head.Task);
            }

            _pending.Dequeue();
            yield return (head.Id, head.Task);
        }
    }
}

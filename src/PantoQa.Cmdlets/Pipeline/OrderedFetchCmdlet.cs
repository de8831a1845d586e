using System;
using System.Threading;
using System.Threading.Tasks;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// A cmdlet that turns a stream of ids into a stream of results: fetched concurrently,
/// written in input order, one error per failed id, and the rest of the pipeline goes on.
/// </summary>
/// <remarks>
/// A fetch returns the write to run, not the model it read: PowerShell loads every cmdlet's
/// base type on import, before the module's resolver can supply PantoQa.Client, so no client
/// type may appear in this class's signature, and a delegate keeps the model typed inside
/// the cmdlet that made it.
/// </remarks>
public abstract class OrderedFetchCmdlet : ThrottledCmdlet
{
    private OrderedFetcher<Action>? _fetcher;

    /// <summary>The ids bound for this pipeline record.</summary>
    protected abstract string[] InputIds { get; }

    /// <summary>What an id names, for messages: "Test run", "Trigger".</summary>
    protected abstract string What { get; }

    /// <summary>
    /// Worker thread: one id's call. It may not write; it returns the write, which runs on
    /// the pipeline thread in input order.
    /// </summary>
    protected abstract Task<Action> FetchAsync(string id, CancellationToken stopping);

    // Pipeline thread, as are all the methods below.
    /// <summary>Resolves the session and starts fetching with <see cref="ThrottledCmdlet.ThrottleLimit"/> requests at most; output order does not depend on it.</summary>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _fetcher = new OrderedFetcher<Action>(ThrottleLimit, FetchAsync, Await, StopToken);
    }

    /// <summary>Starts this record's ids and writes the results that are ready, in input order.</summary>
    protected override void ProcessRecord()
    {
        foreach (string id in InputIds)
        {
            foreach (var (doneId, done) in _fetcher!.Add(id))
            {
                Write(doneId, done);
            }
        }

        RunPosted();
    }

    /// <summary>Waits for the ids still in flight and writes their results, in input order.</summary>
    protected override void EndProcessing()
    {
        foreach (var (doneId, done) in _fetcher!.Complete())
        {
            Write(doneId, done);
        }

        RunPosted();
    }

    private void Write(string id, Task<Action> done)
    {
        RunPosted();
        if (FinishedTask.TryGet(done, out var write, out var failure))
        {
            write();
        }
        else
        {
            WriteApiError(failure!, What, id);
        }
    }
}

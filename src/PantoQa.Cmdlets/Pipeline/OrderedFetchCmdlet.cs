using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Cmdlets.Parameters;

namespace PantoQa.Cmdlets.Pipeline
{
    /// <summary>
    /// A cmdlet that turns a stream of ids into a stream of results: fetched concurrently,
    /// written in input order, one error per failed id, and the rest of the pipeline goes on.
    /// </summary>
    /// <remarks>
    /// Results travel as object: PowerShell loads every cmdlet's base type on import, before the
    /// module's resolver can supply PantoQa.Client, so no client type may appear there.
    /// </remarks>
    public abstract class OrderedFetchCmdlet : PantoCmdlet
    {
        private OrderedFetcher<object>? _fetcher;

        /// <summary>Requests in flight at once; output order does not depend on it.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Defaults.ThrottleLimit;

        /// <summary>The ids bound for this pipeline record.</summary>
        protected abstract string[] InputIds { get; }

        /// <summary>What an id names, for messages: "Test run", "Trigger".</summary>
        protected abstract string What { get; }

        /// <summary>One id's call; runs on a worker thread, so it may not write to the pipeline.</summary>
        protected abstract Task<object> FetchAsync(string id, CancellationToken stopping);

        protected abstract void Emit(object value);

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _fetcher = new OrderedFetcher<object>(ThrottleLimit, FetchAsync, Await, StopToken);
        }

        protected override void ProcessRecord()
        {
            foreach (string id in InputIds)
            {
                foreach (var (doneId, done) in _fetcher!.Add(id))
                {
                    Write(doneId, done);
                }
            }

            FlushEvents();
        }

        protected override void EndProcessing()
        {
            foreach (var (doneId, done) in _fetcher!.Complete())
            {
                Write(doneId, done);
            }

            FlushEvents();
        }

        private void Write(string id, Task<object> done)
        {
            FlushEvents();
            if (FetchResult.TryGet(done, out var value, out var failure))
            {
                Emit(value);
            }
            else
            {
                WriteApiError(failure!, What, id);
            }
        }
    }
}

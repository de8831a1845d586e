using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets.Pipeline
{
    /// <summary>
    /// What every API cmdlet shares: cancellation on Ctrl+C, the session's client, and a pump
    /// that writes what worker threads report on the pipeline thread, the only thread allowed
    /// to write.
    /// </summary>
    public abstract class PantoCmdlet : PSCmdlet, IDisposable
    {
        private static readonly TimeSpan LongestSlice = TimeSpan.FromDays(1);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly ConcurrentQueue<PantoRequestEvent> _events = new ConcurrentQueue<PantoRequestEvent>();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private PantoSession? _session;

        /// <summary>Cancelled by Ctrl+C (StopProcessing) and when the cmdlet ends.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>The session's client; resolving it first is what makes a missing key terminating.</summary>
        protected PantoClient Client => (_session ??= ResolveSession()).Client;

        /// <summary>Hand this to the client: safe to call from any thread.</summary>
        protected Action<PantoRequestEvent> Observer => OnRequestEvent;

        protected override void BeginProcessing() => _session = ResolveSession();

        protected override void StopProcessing() => _stopping.Cancel();

        public void Dispose()
        {
            _stopping.Cancel();
            _stopping.Dispose();
            _wake.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Blocks the pipeline thread until the task ends, writing verbose output as it comes.
        /// Returns at once when the pipeline is stopped.
        /// </summary>
        protected void Await(Task task) => AwaitAny(task, Timeout.InfiniteTimeSpan);

        /// <summary>Like <see cref="Await"/> but gives up after <paramref name="limit"/>; false then.</summary>
        protected bool AwaitAny(Task task, TimeSpan limit)
        {
            var handles = new[] { ((IAsyncResult)task).AsyncWaitHandle, _wake, StopToken.WaitHandle };
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                FlushEvents();
                OnWake();
                if (StopToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }

                if (task.IsCompleted)
                {
                    return true;
                }

                TimeSpan left = limit == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : limit - waited.Elapsed;
                if (left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero)
                {
                    return false;
                }

                // WaitAny takes at most int.MaxValue milliseconds (24.8 days), less than the
                // -Timeout values PowerShell lets through; a longer limit is waited in slices.
                WaitHandle.WaitAny(handles, left > LongestSlice ? LongestSlice : left);
            }
        }

        /// <summary>Writes queued request events as verbose lines.</summary>
        protected void FlushEvents()
        {
            while (_events.TryDequeue(out var e))
            {
                WriteVerbose(e.ToString());
            }
        }

        /// <summary>Runs on the pipeline thread each time it wakes while awaiting: write what workers queued.</summary>
        protected virtual void OnWake()
        {
        }

        /// <summary>Lets a worker wake the pipeline thread for something other than an event.</summary>
        protected void Wake() => _wake.Set();

        /// <summary>Stops every call in flight and ends the pipeline with this error.</summary>
        protected void Terminate(ErrorRecord error)
        {
            _stopping.Cancel();
            FlushEvents();
            ThrowTerminatingError(error);
        }

        /// <summary>Maps a failed call: a bad key ends the pipeline, anything else is one item's error.</summary>
        protected void WriteApiError(PantoApiException failure, string what, object target)
        {
            var record = ErrorRecords.FromApi(failure, what, target);
            if (failure.Kind == PantoErrorKind.Unauthorized)
            {
                Terminate(record);
            }

            WriteError(record);
        }

        private PantoSession ResolveSession()
        {
            PantoSession? session;
            try
            {
                session = SessionStore.Resolve();
            }
            catch (ArgumentException problem)
            {
                ThrowTerminatingError(ErrorRecords.InvalidSetting(problem, "InvalidEnvironmentSetting", null));
                throw;
            }

            if (session is null)
            {
                ThrowTerminatingError(ErrorRecords.NoApiKey());
            }

            return session!;
        }

        private void OnRequestEvent(PantoRequestEvent e)
        {
            _events.Enqueue(e);
            _wake.Set();
        }
    }
}

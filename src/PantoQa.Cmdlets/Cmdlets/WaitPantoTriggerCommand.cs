using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets
{
    /// <summary>
    /// Polls every trigger concurrently until its aggregate status leaves in_process, writing
    /// each result the moment it is final.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "PantoTrigger")]
    [OutputType("PantoQa.TriggerResult")]
    public sealed class WaitPantoTriggerCommand : PantoCmdlet
    {
        private const int OverallActivity = 0;
        private readonly List<TriggerWatch> _watches = new List<TriggerWatch>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly ConcurrentQueue<Action> _posted = new ConcurrentQueue<Action>();
        private int _finished;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("trigger_id")]
        [IdTransformation(IdKind.Trigger)]
        [ValidateId]
        public string[] TriggerId { get; set; } = null!;

        /// <summary>Seconds to wait in all, as for Wait-Job; -1 waits without limit.</summary>
        [Parameter]
        [ValidateRange(-1, int.MaxValue)]
        public int Timeout { get; set; } = -1;

        /// <summary>Seconds between polls of one trigger.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int PollInterval { get; set; } = 10;

        [Parameter]
        public SwitchParameter ErrorOnFailure { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string id in TriggerId)
            {
                // A trigger piped once per run still gets one wait and one result.
                if (_seen.Add(id))
                {
                    _watches.Add(new TriggerWatch(id, _watches.Count + 1));
                }
            }
        }

        protected override void EndProcessing()
        {
            var client = Client;
            var observer = Observer;
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
            var polls = new List<Task>(_watches.Count);
            try
            {
                foreach (var watch in _watches)
                {
                    polls.Add(PollUntilFinalAsync(client, watch, observer, watching.Token));
                }

                var limit = Timeout < 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Timeout);
                bool allFinal = AwaitAny(Task.WhenAll(polls), limit);
                OnWake();
                if (!allFinal)
                {
                    watching.Cancel();
                    foreach (var watch in _watches)
                    {
                        if (!watch.Done)
                        {
                            WriteError(TimedOut(watch));
                        }
                    }
                }
            }
            finally
            {
                watching.Cancel();
                CompleteProgress();
            }
        }

        protected override void OnWake()
        {
            while (_posted.TryDequeue(out var write))
            {
                write();
            }
        }

        private async Task PollUntilFinalAsync(PantoClient client, TriggerWatch watch, Action<PantoRequestEvent> observer, CancellationToken cancellationToken)
        {
            var interval = TimeSpan.FromSeconds(PollInterval);
            while (true)
            {
                var wait = interval;
                try
                {
                    var result = await client.GetTriggerRunsAsync(watch.Id, cancellationToken, observer).ConfigureAwait(false);
                    Post(() => Update(watch, result));
                    if (result.IsFinal())
                    {
                        Post(() => Finish(watch, result));
                        return;
                    }
                }
                catch (PantoApiException failure) when (failure.IsTransient || failure.Kind == PantoErrorKind.InvalidResponse)
                {
                    // One bad poll does not end a wait; the service asked for patience, so give it.
                    if (failure.RetryAfter > wait)
                    {
                        wait = failure.RetryAfter.Value;
                    }

                    Post(() => WriteVerbose($"Poll of trigger '{watch.Id}' failed, polling again in {wait.TotalSeconds:0} s: {failure.Message}"));
                }
                catch (PantoApiException failure)
                {
                    Post(() =>
                    {
                        watch.Done = true;
                        WriteApiError(failure, "Trigger", watch.Id);
                    });
                    return;
                }

                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        private void Post(Action write)
        {
            _posted.Enqueue(write);
            Wake();
        }

        private void Update(TriggerWatch watch, TriggerResult result)
        {
            watch.Last = result;
            int done = result.passed + result.failed;
            WriteProgress(new ProgressRecord(watch.ActivityId, $"Trigger {watch.Id}",
                $"{done} of {result.total} runs finished: {result.passed} passed, {result.failed} failed")
            {
                ParentActivityId = OverallActivity,
                PercentComplete = result.total == 0 ? 0 : done * 100 / result.total,
            });
            WriteOverallProgress();
        }

        private void Finish(TriggerWatch watch, TriggerResult result)
        {
            watch.Done = true;
            _finished++;
            WriteProgress(new ProgressRecord(watch.ActivityId, $"Trigger {watch.Id}", result.status ?? "done") { RecordType = ProgressRecordType.Completed, ParentActivityId = OverallActivity });
            WriteOverallProgress();
            WriteObject(RunOutput.ForPipeline(result));
            if (ErrorOnFailure && !string.Equals(result.status, RunStatus.Passed, StringComparison.OrdinalIgnoreCase))
            {
                WriteError(ErrorRecords.Record(
                    new InvalidOperationException($"Trigger '{watch.Id}' ended {result.status}."),
                    "TriggerFailed",
                    ErrorCategory.InvalidResult,
                    result,
                    $"Trigger '{watch.Id}' ended {result.status}: {result.passed} passed and {result.failed} failed of {result.total} runs. Get-PantoTriggerRuns '{watch.Id}' | Where-Object runner_status -ne passed lists the failed runs."));
            }
        }

        private void WriteOverallProgress()
        {
            WriteProgress(new ProgressRecord(OverallActivity, "Waiting for Panto QA triggers", $"{_finished} of {_watches.Count} triggers finished")
            {
                PercentComplete = _watches.Count == 0 ? 0 : _finished * 100 / _watches.Count,
            });
        }

        private ErrorRecord TimedOut(TriggerWatch watch)
        {
            string seconds = Timeout.ToString(CultureInfo.InvariantCulture);
            string state = watch.Last is { } last
                ? $"still {last.status}: {last.passed + last.failed} of {last.total} runs finished ({last.passed} passed, {last.failed} failed)"
                : "not answered successfully yet";
            return ErrorRecords.Record(
                new TimeoutException($"Trigger '{watch.Id}' did not finish within {seconds} s."),
                "WaitTimeout",
                ErrorCategory.OperationTimeout,
                (object?)watch.Last ?? watch.Id,
                $"Trigger '{watch.Id}' did not finish within {seconds} s; it is {state}. Wait longer with -Timeout, or inspect it with Get-PantoTriggerRuns '{watch.Id}'.");
        }

        private void CompleteProgress()
        {
            // Progress must never linger on screen, even when the wait was stopped; a stopped
            // pipeline refuses writes, which is fine.
            try
            {
                foreach (var watch in _watches)
                {
                    WriteProgress(new ProgressRecord(watch.ActivityId, $"Trigger {watch.Id}", "done") { RecordType = ProgressRecordType.Completed, ParentActivityId = OverallActivity });
                }

                WriteProgress(new ProgressRecord(OverallActivity, "Waiting for Panto QA triggers", "done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
            }
        }

        private sealed class TriggerWatch
        {
            internal TriggerWatch(string id, int activityId)
            {
                Id = id;
                ActivityId = activityId;
            }

            internal string Id { get; }

            internal int ActivityId { get; }

            internal TriggerResult? Last { get; set; }

            internal bool Done { get; set; }
        }
    }
}

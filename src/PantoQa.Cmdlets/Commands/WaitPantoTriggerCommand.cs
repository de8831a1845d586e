using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Parameters;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets
{
    /// <summary>
    /// Polls every trigger concurrently until its aggregate status leaves in_process, writing
    /// each result the moment it is final. Every wait ends: by a final status, by -Timeout, or
    /// after -MaxPollFailures failed polls in a row.
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

        /// <summary>
        /// Failed polls in a row (each after its own request retries) that end one trigger's wait
        /// with the last poll's error. There is deliberately no "never": a wait that cannot end is
        /// a CI job hanging with an empty log; a long outage is ridden out with a larger number.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int MaxPollFailures { get; set; } = 5;

        /// <summary>Polls in flight at once, over all triggers.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Defaults.ThrottleLimit;

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
            // Not disposed: polls still unwinding after a stop or a timeout release it later. It
            // holds no kernel handle, since AvailableWaitHandle is never asked for.
            var slots = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);
            var polls = new List<Task>(_watches.Count);
            try
            {
                foreach (var watch in _watches)
                {
                    polls.Add(PollUntilFinalAsync(client, watch, slots, observer, watching.Token));
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

        private async Task PollUntilFinalAsync(PantoClient client, TriggerWatch watch, SemaphoreSlim slots, Action<PantoRequestEvent> observer, CancellationToken cancellationToken)
        {
            var interval = TimeSpan.FromSeconds(PollInterval);
            // The first round goes out at once, through the throttle, so triggers that are already
            // final come back at once. After it, each trigger keeps its own phase within the
            // interval, so the polls of many triggers are spread over it instead of bunched.
            var phase = TimeSpan.FromTicks(interval.Ticks * (watch.ActivityId - 1) / _watches.Count);
            int failures = 0;
            while (true)
            {
                var started = Stopwatch.StartNew();
                var wait = interval + phase;
                phase = TimeSpan.Zero;
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await client.GetTriggerRunsAsync(watch.Id, cancellationToken, observer).ConfigureAwait(false);
                    if (failures > 0)
                    {
                        int streak = failures;
                        Post(() => WriteWarning($"Polls of trigger '{watch.Id}' succeed again after {streak} failed in a row."));
                        failures = 0;
                    }

                    Post(() => Update(watch, result));
                    if (result.IsFinal())
                    {
                        Post(() => Finish(watch, result));
                        return;
                    }
                }
                catch (PantoApiException failure) when (failure.IsTransient || failure.Kind == PantoErrorKind.InvalidResponse)
                {
                    failures++;
                    if (failures >= MaxPollFailures)
                    {
                        int streak = failures;
                        Post(() => GiveUp(watch, failure, streak));
                        return;
                    }

                    // The service asked for patience, so give it, counted from its answer.
                    if (failure.RetryAfter > wait - started.Elapsed)
                    {
                        wait = failure.RetryAfter.Value;
                        started.Restart();
                    }

                    var next = wait - started.Elapsed > TimeSpan.Zero ? wait - started.Elapsed : TimeSpan.Zero;
                    if (failures == 1)
                    {
                        // A warning, not only verbose: CI logs show warnings, and a wait that is
                        // quietly failing looks exactly like one that is waiting. Once per streak,
                        // so many triggers failing together do not bury the log.
                        Post(() => WriteWarning($"Polls of trigger '{watch.Id}' are failing: {failure.Message} Polling again in {next.TotalSeconds:0} s, at {DateTime.UtcNow + next:HH:mm:ss} UTC; the wait for it ends after {MaxPollFailures} failed polls in a row (-MaxPollFailures)."));
                    }

                    int count = failures;
                    Post(() => WriteVerbose($"Poll of trigger '{watch.Id}' failed ({count} in a row), polling again in {next.TotalSeconds:0} s: {failure.Message}"));
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
                finally
                {
                    slots.Release();
                }

                var left = wait - started.Elapsed;
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private void GiveUp(TriggerWatch watch, PantoApiException failure, int streak)
        {
            watch.Done = true;
            var record = ErrorRecords.FromApi(failure, "Trigger", watch.Id);
            record.ErrorDetails = new ErrorDetails($"The wait for trigger '{watch.Id}' ended after {streak} failed polls in a row: {record.ErrorDetails.Message} -MaxPollFailures sets how many failed polls end a wait.");
            WriteError(record);
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
                watch.Last is null ? watch.Id : ShortTypeName.Apply(watch.Last),
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

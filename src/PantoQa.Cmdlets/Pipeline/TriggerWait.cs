using System;
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

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// Polls triggers concurrently until each aggregate status leaves in_process, writing each
/// result the moment it is final. Every wait ends: by a final status, by the timeout, or
/// after the allowed failed polls in a row. Any <see cref="PantoCmdlet"/> can drive one;
/// it writes only on the pipeline thread, through the cmdlet's <see cref="PantoCmdlet.Post"/>.
/// </summary>
internal sealed class TriggerWait
{
    private const int OverallActivity = 0;
    private readonly PantoCmdlet _cmdlet;
    private readonly TriggerWaitSettings _settings;
    private readonly List<TriggerWatch> _watches = new List<TriggerWatch>();
    private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
    private int _finished;

    internal TriggerWait(PantoCmdlet cmdlet, TriggerWaitSettings settings)
    {
        _cmdlet = cmdlet;
        _settings = settings;
    }

    /// <summary>Pipeline thread: adds a trigger; one added twice still gets one wait and one result.</summary>
    internal void Add(string triggerId)
    {
        if (_seen.Add(triggerId))
        {
            _watches.Add(new TriggerWatch(triggerId, _watches.Count + 1));
        }
    }

    /// <summary>
    /// Pipeline thread: when set, called with each final result, after it is written, instead
    /// of the -ErrorOnFailure check: the caller judges the results itself.
    /// </summary>
    internal Action<TriggerResult>? Judge { get; set; }

    /// <summary>
    /// Pipeline thread: polls every added trigger and returns when all are final, given up
    /// or timed out, writing results, errors, warnings and progress as they come.
    /// </summary>
    internal void Run()
    {
        var client = _cmdlet.Client;
        var observer = _cmdlet.Observer;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(_cmdlet.StopToken);
        // Not disposed: polls still unwinding after a stop or a timeout release it later. It
        // holds no kernel handle, since AvailableWaitHandle is never asked for.
        var slots = new SemaphoreSlim(_settings.ThrottleLimit, _settings.ThrottleLimit);
        var polls = new List<Task>(_watches.Count);
        try
        {
            foreach (var watch in _watches)
            {
                polls.Add(SurfaceDefectsAsync(PollUntilFinalAsync(client, watch, slots, observer, watching.Token), watch));
            }

            var limit = _settings.Timeout < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(_settings.Timeout);
            if (!_cmdlet.Await(Task.WhenAll(polls), limit))
            {
                watching.Cancel();
                // Results posted just before the limit are written before the timeouts.
                _cmdlet.RunPosted();
                foreach (var watch in _watches)
                {
                    if (!watch.Done)
                    {
                        _cmdlet.WriteError(TimedOut(watch));
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

    /// <summary>Pipeline thread: the triggers added whose wait has not ended, in the order added.</summary>
    internal IEnumerable<string> Unfinished
    {
        get
        {
            foreach (var watch in _watches)
            {
                if (!watch.Done)
                {
                    yield return watch.Id;
                }
            }
        }
    }

    // Worker thread: a poll handles its API outcomes itself, so one that ends any other way
    // is a defect. It goes to the pipeline thread at once, to be read there like every
    // finished task, which ends the command with it instead of the wait going on without
    // that trigger.
    private async Task SurfaceDefectsAsync(Task poll, TriggerWatch watch)
    {
        try
        {
            await poll.ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException))
        {
            _cmdlet.Post(() =>
            {
                if (FinishedTask.Failure(poll) is { } failure)
                {
                    watch.Done = true;
                    _cmdlet.WriteApiError(failure, "Trigger", watch.Id);
                }
            });
        }
    }

    // Worker thread: everything it writes goes through Post.
    private async Task PollUntilFinalAsync(PantoClient client, TriggerWatch watch, SemaphoreSlim slots, Action<PantoRequestEvent> observer, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(_settings.PollInterval);
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
                    _cmdlet.Post(() => _cmdlet.WriteWarning($"Polls of trigger '{watch.Id}' succeed again after {streak} failed in a row."));
                    failures = 0;
                }

                _cmdlet.Post(() => Update(watch, result));
                if (result.IsFinal())
                {
                    _cmdlet.Post(() => Finish(watch, result));
                    return;
                }
            }
            catch (PantoApiException failure) when (failure.IsTransient || failure.Kind == PantoErrorKind.InvalidResponse)
            {
                failures++;
                if (failures >= _settings.MaxPollFailures)
                {
                    int streak = failures;
                    _cmdlet.Post(() => GiveUp(watch, failure, streak));
                    return;
                }

                // The service asked for patience, so give it, counted from its answer.
                if (failure.RetryAfter > wait - started.Elapsed)
                {
                    wait = failure.RetryAfter.Value;
                    started.Restart();
                }

                // Whole seconds, rounded up: "again in 0 s" would read as "never" or "now".
                var next = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((wait - started.Elapsed).TotalSeconds)));
                if (failures == 1)
                {
                    // A warning, not only verbose: CI logs show warnings, and a wait that is
                    // quietly failing looks exactly like one that is waiting. Once per streak,
                    // so many triggers failing together do not bury the log.
                    _cmdlet.Post(() => _cmdlet.WriteWarning($"Polls of trigger '{watch.Id}' are failing: {failure.Message} Polling again in {next.TotalSeconds:0} s, at {DateTime.UtcNow + next:HH:mm:ss} UTC; the wait for it ends after {_settings.MaxPollFailures} failed polls in a row (-MaxPollFailures)."));
                }

                int count = failures;
                _cmdlet.Post(() => _cmdlet.WriteVerbose($"Poll of trigger '{watch.Id}' failed ({count} in a row), polling again in {next.TotalSeconds:0} s: {failure.Message}"));
            }
            catch (PantoApiException failure)
            {
                _cmdlet.Post(() =>
                {
                    watch.Done = true;
                    _cmdlet.WriteApiError(failure, "Trigger", watch.Id);
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

    // Pipeline thread, as are all the methods below.
    private void GiveUp(TriggerWatch watch, PantoApiException failure, int streak)
    {
        watch.Done = true;
        var record = ErrorRecords.FromApi(failure, "Trigger", watch.Id);
        record.ErrorDetails = new ErrorDetails($"The wait for trigger '{watch.Id}' ended after {streak} failed polls in a row: {record.ErrorDetails.Message} -MaxPollFailures sets how many failed polls end a wait.");
        _cmdlet.WriteError(record);
    }

    private void Update(TriggerWatch watch, TriggerResult result)
    {
        watch.Last = result;
        int done = result.passed + result.failed;
        _cmdlet.WriteProgress(new ProgressRecord(watch.ActivityId, $"Trigger {watch.Id}",
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
        // Only the counts are still needed once the result is written; a body can hold thousands of runs.
        watch.Last = null;
        _finished++;
        _cmdlet.WriteProgress(new ProgressRecord(watch.ActivityId, $"Trigger {watch.Id}", result.status ?? "done") { RecordType = ProgressRecordType.Completed, ParentActivityId = OverallActivity });
        WriteOverallProgress();
        _cmdlet.WriteObject(RunOutput.ForPipeline(result));
        if (!RunStatus.IsKnownAggregate(result.status))
        {
            _cmdlet.WriteWarning($"Trigger '{watch.Id}' ended with status '{result.status}', which this version of PantoQa does not know. The service reports in_process while any run is still going, so the trigger counts as final, and as not passed.");
        }

        if (Judge is not null)
        {
            Judge(result);
        }
        else if (_settings.ErrorOnFailure && !RunStatus.IsPassed(result.status))
        {
            _cmdlet.WriteError(ErrorRecords.Record(
                new InvalidOperationException($"Trigger '{watch.Id}' ended {result.status}."),
                "TriggerFailed",
                ErrorCategory.InvalidResult,
                result,
                $"Trigger '{watch.Id}' ended {result.status}: {result.passed} passed and {result.failed} failed of {result.total} runs. Get-PantoTriggerRuns '{watch.Id}' | Where-Object runner_status -ne passed lists the failed runs."));
        }
    }

    private void WriteOverallProgress()
    {
        _cmdlet.WriteProgress(new ProgressRecord(OverallActivity, "Waiting for Panto QA triggers", $"{_finished} of {_watches.Count} triggers finished")
        {
            PercentComplete = _watches.Count == 0 ? 0 : _finished * 100 / _watches.Count,
        });
    }

    private ErrorRecord TimedOut(TriggerWatch watch)
    {
        string seconds = _settings.Timeout.ToString(CultureInfo.InvariantCulture);
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
                _cmdlet.WriteProgress(new ProgressRecord(watch.ActivityId, $"Trigger {watch.Id}", "done") { RecordType = ProgressRecordType.Completed, ParentActivityId = OverallActivity });
            }

            _cmdlet.WriteProgress(new ProgressRecord(OverallActivity, "Waiting for Panto QA triggers", "done") { RecordType = ProgressRecordType.Completed });
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

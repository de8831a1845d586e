using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Client.Timing;
using PantoQa.Client.Waiting;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// Polls triggers concurrently until each aggregate status leaves in_process, writing each
/// result the moment it is final. Every wait ends: by a final status, by the timeout, or
/// after the allowed failed polls in a row. Any <see cref="PantoCmdlet"/> can drive one.
/// When is decided by a <see cref="PollSchedule"/> per trigger, on the client's clock; this
/// class does the polling and the writing, and writes only on the pipeline thread, through
/// the cmdlet's <see cref="PantoCmdlet.Post"/>.
/// </summary>
internal sealed class TriggerWait
{
    private const int OverallActivity = 0;
    private readonly PantoCmdlet _cmdlet;
    private readonly TriggerWaitSettings _settings;
    private readonly List<TriggerWatch> _watches = new List<TriggerWatch>();
    private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
    private int _finished;
    private long _started;

    internal TriggerWait(PantoCmdlet cmdlet, TriggerWaitSettings settings)
    {
        _cmdlet = cmdlet;
        _settings = settings;
    }

    /// <summary>Pipeline thread: the triggers added whose wait has not ended, in the order added.</summary>
    internal IEnumerable<string> Unfinished => _watches.Where(w => !w.Done).Select(w => w.Id);

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
    /// or timed out, writing results, errors, warnings, progress and status lines as they come.
    /// </summary>
    internal void Run()
    {
        var client = _cmdlet.Client;
        var time = client.Options.TimeProvider;
        _started = time.GetTimestamp();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(_cmdlet.StopToken);
        // Not disposed: polls still unwinding after a stop or a timeout release it later. It
        // holds no kernel handle, since AvailableWaitHandle is never asked for.
        var slots = new SemaphoreSlim(_settings.ThrottleLimit, _settings.ThrottleLimit);
        var interval = TimeSpan.FromSeconds(_settings.PollInterval);
        var polls = new List<Task>(_watches.Count);
        try
        {
            foreach (var watch in _watches)
            {
                watch.Schedule = new PollSchedule(time, interval, PollSchedule.Phase(interval, watch.ActivityId - 1, _watches.Count), _settings.MaxPollFailures);
                watch.Lines = new StatusLineSchedule(time);
                polls.Add(SurfaceDefectsAsync(PollUntilFinalAsync(client, watch, slots, watching.Token), watch));
            }

            var all = Task.WhenAll(polls);
            var deadline = _settings.Timeout < 0
                ? new TaskCompletionSource<bool>().Task
                : time.DelayAsync(TimeSpan.FromSeconds(_settings.Timeout), watching.Token);
            if (_settings.StatusLines)
            {
                _ = KeepStatusLinesAsync(time, watching.Token);
            }

            _cmdlet.Await(Task.WhenAny(all, deadline));
            if (!all.IsCompleted)
            {
                watching.Cancel();
                // Results posted just before the limit are written before the timeouts.
                _cmdlet.RunPosted();
                foreach (var watch in _watches.Where(w => !w.Done))
                {
                    _cmdlet.WriteError(TimedOut(watch, time));
                }
            }
        }
        finally
        {
            watching.Cancel();
            CompleteProgress();
            if (_settings.ErrorOnFailure && Judge is null && _watches.Exists(w => !w.Passed))
            {
                GateExitCode.MarkFailed(_cmdlet);
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
    private async Task PollUntilFinalAsync(PantoClient client, TriggerWatch watch, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var schedule = watch.Schedule!;
        var time = client.Options.TimeProvider;
        while (true)
        {
            schedule.Polling();
            PollStep step;
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await client.GetTriggerRunsAsync(watch.Id, cancellationToken, _cmdlet.Observer).ConfigureAwait(false);
                step = schedule.Answered();
                if (step.Streak > 0)
                {
                    int streak = step.Streak;
                    _cmdlet.Post(() => _cmdlet.WriteWarning($"Polls of trigger '{watch.Id}' succeed again after {streak} failed in a row."));
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
                step = schedule.Failed(failure.RetryAfter);
                var taken = step;
                if (step.GiveUp)
                {
                    _cmdlet.Post(() => GiveUp(watch, failure, taken.Streak));
                    return;
                }

                if (step.FirstFailure)
                {
                    // A warning, not only verbose: CI logs show warnings, and a wait that is
                    // quietly failing looks exactly like one that is waiting. Once per streak,
                    // so many triggers failing together do not bury the log.
                    var at = time.GetUtcNow() + step.Delay;
                    _cmdlet.Post(() => _cmdlet.WriteWarning($"Polls of trigger '{watch.Id}' are failing: {failure.Message} Polling again in {taken.DelaySeconds} s, at {at:HH:mm:ss} UTC; the wait for it ends after {_settings.MaxPollFailures} failed polls in a row (-MaxPollFailures)."));
                }

                _cmdlet.Post(() => _cmdlet.WriteVerbose($"Poll of trigger '{watch.Id}' failed ({taken.Streak} in a row), polling again in {taken.DelaySeconds} s: {failure.Message}"));
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

            if (step.Delay > TimeSpan.Zero)
            {
                await time.DelayAsync(step.Delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Worker thread: a trigger whose counts do not change still gets a line now and then, so
    // a long wait never looks like a hung step.
    private async Task KeepStatusLinesAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await time.DelayAsync(StatusLineSchedule.Interval, cancellationToken).ConfigureAwait(false);
                _cmdlet.Post(() =>
                {
                    foreach (var watch in _watches.Where(w => !w.Done && w.Last is not null))
                    {
                        WriteStatusLine(watch, watch.Last!, time);
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The wait is over.
        }
    }

    // Pipeline thread, as are all the methods below.
    private void WriteStatusLine(TriggerWatch watch, TriggerResult result, TimeProvider time)
    {
        if (_settings.StatusLines && watch.Lines!.IsDue(result.passed, result.failed, result.total, result.IsFinal()))
        {
            _cmdlet.WriteHostLine(TriggerText.Line(watch.Id, result, time.GetElapsedTime(_started)));
        }
    }

    private void GiveUp(TriggerWatch watch, PantoApiException failure, int streak)
    {
        watch.Done = true;
        _cmdlet.WriteError(ErrorRecords.FromPolls(failure, watch.Id, streak));
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
        if (!result.IsFinal())
        {
            WriteStatusLine(watch, result, _cmdlet.Client.Options.TimeProvider);
        }
    }

    private void Finish(TriggerWatch watch, TriggerResult result)
    {
        watch.Done = true;
        watch.Passed = RunStatus.IsPassed(result.status);
        // Only the counts are still needed once the result is written; a body can hold thousands of runs.
        watch.Last = null;
        _finished++;
        _cmdlet.WriteProgress(new ProgressRecord(watch.ActivityId, $"Trigger {watch.Id}", result.status ?? "done") { RecordType = ProgressRecordType.Completed, ParentActivityId = OverallActivity });
        WriteOverallProgress();
        WriteStatusLine(watch, result, _cmdlet.Client.Options.TimeProvider);
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
                FailureMessage(watch.Id, result)));
        }
    }

    private static string FailureMessage(string id, TriggerResult result)
    {
        var failed = TriggerText.FailedRuns(result);
        string runs = failed.Count == 0 ? "" : System.Environment.NewLine + string.Join(System.Environment.NewLine, failed.Select(line => "  " + line));
        return $"Trigger '{id}' ended {result.status}: {result.passed} passed and {result.failed} failed of {result.total} runs.{runs}";
    }

    private void WriteOverallProgress()
    {
        _cmdlet.WriteProgress(new ProgressRecord(OverallActivity, "Waiting for Panto QA triggers", $"{_finished} of {_watches.Count} triggers finished")
        {
            PercentComplete = _watches.Count == 0 ? 0 : _finished * 100 / _watches.Count,
        });
    }

    private ErrorRecord TimedOut(TriggerWatch watch, TimeProvider time)
    {
        string seconds = _settings.Timeout.ToString(CultureInfo.InvariantCulture);
        string state = watch.Last is { } last
            ? $"its last state: {TriggerText.Line(watch.Id, last, time.GetElapsedTime(_started))}"
            : "it has not answered successfully yet";
        return ErrorRecords.Record(
            new TimeoutException($"Trigger '{watch.Id}' did not finish within {seconds} s."),
            "WaitTimeout",
            ErrorCategory.OperationTimeout,
            watch.Last is null ? watch.Id : ShortTypeName.Apply(watch.Last),
            $"Trigger '{watch.Id}' did not finish within {seconds} s; {state}. Wait longer with -Timeout, or inspect it with Get-PantoTriggerRuns '{watch.Id}'.");
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

        internal PollSchedule? Schedule { get; set; }

        internal StatusLineSchedule? Lines { get; set; }

        internal TriggerResult? Last { get; set; }

        internal bool Done { get; set; }

        internal bool Passed { get; set; }
    }
}

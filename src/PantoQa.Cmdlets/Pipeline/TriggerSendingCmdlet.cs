using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Parameters;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// What every cmdlet that sends trigger requests shares (Start-PantoTestFlow,
/// Start-PantoTestSuite, Restart-PantoTestRun): each distinct request sent once per attempt,
/// confirmed through ShouldProcess, never resent where the service may have acted; each trigger
/// named on the host as it starts; a warning naming what was started and not waited for when
/// the command ends early; with -Wait, one <see cref="TriggerWait"/> per attempt, and with
/// -RetryFailed the failed flows restarted after it.
/// </summary>
/// <remarks>
/// No parameter, field or overridable member here may have a client type: PowerShell loads a
/// cmdlet's base type on import, before the module's resolver can supply PantoQa.Client.
/// </remarks>
public abstract class TriggerSendingCmdlet : TriggerWaitCmdlet
{
    private static readonly string[] WaitingParameters = { "Timeout", "PollInterval", "ErrorOnFailure", "MaxPollFailures", "ThrottleLimit", "RetryFailed" };

    // How long a stop waits for a trigger request it interrupted to settle: its HTTP call is
    // cancelled at once, so this only catches an answer that had already arrived.
    private static readonly TimeSpan LateAnswerGrace = TimeSpan.FromMilliseconds(500);

    // Canonical keys of the requests this attempt sent and the service acted on, or may have,
    // so a build piped once per run is started once. A request declined at -Confirm or refused
    // before the service acted is not here, so it can still be sent. A retry is a new attempt.
    private readonly HashSet<string> _sent = new HashSet<string>(StringComparer.Ordinal);

    // Requests whose runs may have started without a trigger to wait for, for the warning
    // written when the command ends early.
    private readonly List<string> _outcomeUnknown = new List<string>();

    // With -Wait, the triggers of the current attempt, waited for once its requests are sent.
    private TriggerWait? _wait;

    // With -Wait and -RetryFailed, every attempt's outcome per flow.
    private RetryRounds? _retries;

    /// <summary>env_name; left out when not given.</summary>
    [Parameter]
    [Alias("env_name")]
    [ValidateNotNullOrEmpty]
    public string? Environment { get; set; }

    /// <summary>context_name; left out when not given.</summary>
    [Parameter]
    [Alias("context_name")]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    /// <summary>Wait for the triggers started and write their final results instead.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How many times -Wait restarts the flows that failed: -RetryFailed where the cmdlet has it, else 0.</summary>
    private protected virtual int RetryLimit => 0;

    // Pipeline thread, as are all the methods below; requests run on workers inside Await.

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (!Wait)
        {
            foreach (string name in WaitingParameters)
            {
                // One set in $PSDefaultParameterValues is bound without -Wait as well; only one
                // given on the command line is the user's mistake.
                if (MyInvocation.BoundParameters.ContainsKey(name) && !DefaultParameterValues.Supplied(this, name))
                {
                    ThrowTerminatingError(ErrorRecords.Record(
                        new ArgumentException($"-{name} applies only with -Wait."),
                        "WaitParameterWithoutWait",
                        ErrorCategory.InvalidArgument,
                        name,
                        $"-{name} is a waiting parameter and applies only with -Wait. Add -Wait to start and wait in one step, or leave -{name} out."));
                }
            }
        }

        base.BeginProcessing();
        if (Wait)
        {
            if (RetryLimit > 0)
            {
                _retries = new RetryRounds(this);
            }

            _wait = NewAttemptWait();
        }
    }

    /// <summary>Sends what the cmdlet kept for the end, waits, and restarts what failed, as far as -RetryFailed allows.</summary>
    protected override void EndProcessing() => WarnIfEndedEarly(() =>
    {
        SendAtEnd();
        _wait?.Run();
        if (_retries is not null)
        {
            RetryFailedFlows();
        }
    });

    /// <summary>Pipeline thread, at EndProcessing: sends what a cmdlet collected from its input before the wait begins.</summary>
    private protected virtual void SendAtEnd()
    {
    }

    /// <summary>Runs <paramref name="work"/>; if it ends the command, first names what was started and not waited for.</summary>
    private protected void WarnIfEndedEarly(Action work)
    {
        try
        {
            work();
        }
        catch
        {
            WarnUnfinished();
            throw;
        }
    }

    /// <summary>
    /// Sends one trigger request through ShouldProcess, unless this attempt already sent it,
    /// and names the trigger it started. Returns what it started, or null when nothing was
    /// started or it is not known whether anything was (the error or verbose line says which).
    /// </summary>
    /// <param name="restarting">For a restart, the runs it restarts, as the confirmation and host line name them.</param>
    /// <param name="selection">What NoMatchingTests names as its TargetObject: the tags or names as the user gave them.</param>
    private protected TriggerStart? Send(TriggerKind kind, TriggerRequest request, string? restarting, object selection)
    {
        string what = kind == TriggerKind.TestFlow ? "test flows" : "test suites";
        if (_sent.Contains(request.CanonicalKey))
        {
            WriteVerbose($"Not starting the {what} of build '{request.AppId}' again: this call already sent the same request.");
            return null;
        }

        string where = string.Join(", ", request.Devices.Select(d => d.ToString()));
        string scope = (request.EnvName is null ? "" : $", environment '{request.EnvName}'") + (request.ContextName is null ? "" : $", context '{request.ContextName}'");
        string starts = $"the {what} matching {request.Tags} on {where}{scope}";
        if (!ShouldProcess($"build '{request.AppId}'", restarting is null ? $"Start {starts}" : $"Restart {restarting}: start {starts}"))
        {
            return null;
        }

        _retries?.Sent();
        var starting = new TriggerStarter(Client).StartAsync(kind, request, StopToken, Observer);
        try
        {
            Await(starting);
        }
        catch (PipelineStoppedException)
        {
            KeepLateAnswer(starting, request);
            throw;
        }

        if (!FinishedTask.TryGet(starting, out var start, out var failure))
        {
            if (failure!.Kind == PantoErrorKind.TriggerOutcomeUnknown)
            {
                _sent.Add(request.CanonicalKey);
                _outcomeUnknown.Add($"build '{request.AppId}' (the service's answer did not say whether runs started)");
            }

            WriteFailure(failure, ErrorRecords.FromTrigger(failure, TargetOf(failure, request, selection)));
            return null;
        }

        _sent.Add(request.CanonicalKey);
        Report(start, request, what, restarting);
        return start;
    }

    /// <summary>
    /// Restarts the runs of <paramref name="plan"/>, which are attempt 1 of what -RetryFailed
    /// follows: one request per batch, and one error per run it refuses.
    /// </summary>
    private protected void Restart(RestartPlan plan)
    {
        _retries?.RecordGiven(plan);
        SendPlan(plan);
    }

    private void SendPlan(RestartPlan plan)
    {
        foreach (var refusal in plan.Refusals)
        {
            bool suite = refusal.Reason == RestartRefusalReason.SuiteRun;
            WriteError(ErrorRecords.Record(
                new InvalidOperationException(refusal.Message),
                suite ? "RestartNotSupported" : "RestartRunIncomplete",
                suite ? ErrorCategory.InvalidOperation : ErrorCategory.InvalidData,
                refusal.Run.Id,
                refusal.Message));
        }

        foreach (var batch in plan.Batches)
        {
            string runs = $"run(s) {string.Join(", ", batch.Runs.Select(r => r.Id))}";
            var start = Send(TriggerKind.TestFlow, batch.ToRequest(Environment, Context), runs, batch.FlowNames.ToArray());
            if (start is not null && start.test_runs.Length != batch.FlowNames.Count)
            {
                WriteWarning($"Restarting {runs} asked for {batch.FlowNames.Count} flow(s) of build '{batch.AppId}' by name ({string.Join(", ", batch.FlowNames.Select(n => $"'{n}'"))}), and the service started {start.test_runs.Length} run(s): a flow may have been renamed or removed, or another root flow has the same name. Get-PantoTestRun {string.Join(", ", start.test_runs)} shows what started.");
            }
        }
    }

    // Each retry restarts the flows that failed in the attempt before it, and is waited for in
    // full before the next, so it never restarts a flow whose last run is still going or whose
    // restart may have started: only runs read as failed in a final trigger are restarted.
    private void RetryFailedFlows()
    {
        for (int retry = 1; retry <= RetryLimit; retry++)
        {
            var plan = _retries!.NextAttempt();
            if (plan is null)
            {
                break;
            }

            _sent.Clear();
            _wait = NewAttemptWait();
            SendPlan(plan);
            _wait.Run();
        }

        _retries!.Report(ErrorOnFailure);
    }

    // With -RetryFailed the gate is each flow's last attempt, which only the rounds can judge,
    // so they judge every result instead of the wait.
    private TriggerWait NewAttemptWait()
    {
        var wait = NewTriggerWait();
        if (_retries is not null)
        {
            wait.Judge = _retries.Record;
        }

        return wait;
    }

    private void Report(TriggerStart start, TriggerRequest request, string what, string? restarting)
    {
        string runs = $"{start.test_runs.Length} run(s) of the {what} of build '{request.AppId}'" + (restarting is null ? "" : $", restarting {restarting}");
        Remember(start, request);
        if (start.GetTriggerIdFailure() is { } unknown)
        {
            WriteHostLine($"Started {runs} ({string.Join(", ", start.test_runs)}); their trigger id is not known.");
            WriteFailure(unknown, ErrorRecords.FromTrigger(unknown, start.test_runs));
            return;
        }

        WriteHostLine($"Started trigger '{start.trigger_id}': {runs}.");
        WriteVerbose($"Started {runs} as trigger '{start.trigger_id}': {start.message}");
        if (_wait is null)
        {
            WriteObject(RunOutput.ForPipeline(start));
        }
    }

    // Keeps what a trigger request started, as soon as it is known: for -Wait, for
    // -TriggerId completion, and for the warning if the command ends early.
    private void Remember(TriggerStart start, TriggerRequest request)
    {
        if (start.trigger_id is { } id)
        {
            TriggerHistory.Remember(id);
            _wait?.Add(id);
        }
        else
        {
            _outcomeUnknown.Add($"runs {string.Join(", ", start.test_runs)} of build '{request.AppId}', whose trigger id is not known");
        }
    }

    // Pipeline thread, while stopping: the request's HTTP call was cancelled with the
    // pipeline, but its answer may already have arrived. A success found here is kept, so
    // the warning names what it started instead of losing it.
    private void KeepLateAnswer(Task<TriggerStart> starting, TriggerRequest request)
    {
        ((IAsyncResult)starting).AsyncWaitHandle.WaitOne(LateAnswerGrace);
        if (starting.Status == TaskStatus.RanToCompletion)
        {
            _sent.Add(request.CanonicalKey);
            Remember(starting.Result, request);
            if (_wait is null && starting.Result.trigger_id is { } id)
            {
                _outcomeUnknown.Add($"trigger '{id}' of build '{request.AppId}', started as the command stopped");
            }
        }
        else if (!(starting.Exception?.GetBaseException() is PantoApiException failure) || failure.Kind == PantoErrorKind.TriggerOutcomeUnknown)
        {
            _outcomeUnknown.Add($"build '{request.AppId}' (its trigger request was in flight when the command stopped)");
        }
    }

    // Pipeline thread: the command is ending before its work is done (a stop, a terminating
    // error, Select-Object -First). Every trigger it started and did not finish waiting for,
    // and every request that may have started runs, is named once, so a CI log never loses them.
    private void WarnUnfinished()
    {
        var unfinished = _wait is null ? new List<string>() : _wait.Unfinished.ToList();
        if (unfinished.Count == 0 && _outcomeUnknown.Count == 0)
        {
            return;
        }

        var text = new List<string> { $"{MyInvocation.MyCommand.Name} ended before its work was done." };
        if (unfinished.Count > 0)
        {
            text.Add($"Started and not waited for to the end: {string.Join(", ", unfinished.Select(id => $"'{id}'"))}; 'Wait-PantoTrigger {string.Join(", ", unfinished)}' waits for them.");
        }

        if (_outcomeUnknown.Count > 0)
        {
            text.Add($"Runs may have started for: {string.Join("; ", _outcomeUnknown)}.");
        }

        text.Add("Check them before starting the same tests again, so that they do not run twice.");
        _outcomeUnknown.Clear();
        WriteLastWarning(string.Join(" ", text));
    }

    private static object TargetOf(PantoApiException failure, TriggerRequest request, object selection)
    {
        switch (failure.Kind)
        {
            case PantoErrorKind.EnvironmentNotFound:
                return request.EnvName!;
            case PantoErrorKind.ContextNotFound:
                return request.ContextName!;
            case PantoErrorKind.NoMatchingTests:
                return selection;
            default:
                return request.AppId;
        }
    }
}

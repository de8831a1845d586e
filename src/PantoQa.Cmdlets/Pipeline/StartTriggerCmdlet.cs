using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
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
/// What Start-PantoTestFlow and Start-PantoTestSuite share: one trigger request per pipeline
/// record, each distinct request sent once per call, confirmed through ShouldProcess; with
/// -Wait, one <see cref="TriggerWait"/> over every trigger started, taking the waiting
/// parameters of <see cref="TriggerWaitCmdlet"/>.
/// </summary>
/// <remarks>
/// No parameter, field or overridable member here may have a client type: PowerShell loads a
/// cmdlet's base type on import, before the module's resolver can supply PantoQa.Client.
/// </remarks>
public abstract class StartTriggerCmdlet : TriggerWaitCmdlet
{
    /// <summary>The parameter set of -IncludeTag, the default.</summary>
    protected const string IncludeSet = "Include";

    /// <summary>The parameter set of -ExcludeTag.</summary>
    protected const string ExcludeSet = "Exclude";

    private static readonly string[] WaitingParameters = { "Timeout", "PollInterval", "ErrorOnFailure", "MaxPollFailures", "ThrottleLimit" };

    // How long a stop waits for a trigger request it interrupted to settle: its HTTP call is
    // cancelled at once, so this only catches an answer that had already arrived.
    private static readonly TimeSpan LateAnswerGrace = TimeSpan.FromMilliseconds(500);

    // Canonical keys of the requests this call sent and the service acted on, or may have, so
    // a build piped once per run is started once. A request declined at -Confirm or refused
    // before the service acted is not here, so it can still be sent.
    private readonly HashSet<string> _sent = new HashSet<string>(StringComparer.Ordinal);

    // Requests whose runs may have started without a trigger to wait for, for the warning
    // written when the command ends early.
    private readonly List<string> _outcomeUnknown = new List<string>();

    // With -Wait, the triggers started, waited for once every request is sent.
    private TriggerWait? _wait;

    /// <summary>The build file id: app_id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("app_id", "build_file_id")]
    [ValidateNotNullOrEmpty]
    public string AppId { get; set; } = null!;

    /// <summary>tags.include: tag name to the values a flow or suite must carry one of.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IncludeSet)]
    [TagMapTransformation]
    public Hashtable IncludeTag { get; set; } = null!;

    /// <summary>tags.exclude: tag name to the values a flow or suite must carry none of.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExcludeSet)]
    [TagMapTransformation(AllowEmpty = true)]
    public Hashtable ExcludeTag { get; set; } = null!;

    /// <summary>The devices every run targets; the transformation has made each a TriggerDevice.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("target_device_list")]
    [DeviceTransformation]
    public object[] Device { get; set; } = null!;

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

    /// <summary>True for the flow endpoint, false for the suite endpoint.</summary>
    protected abstract bool StartsFlows { get; }

    /// <summary>The flow names of -Name when that set is bound; null otherwise.</summary>
    protected virtual string[]? FlowNames => null;

    // Pipeline thread, as are all the methods below; the trigger itself runs on a worker inside Await.

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (!Wait)
        {
            foreach (string name in WaitingParameters)
            {
                if (MyInvocation.BoundParameters.ContainsKey(name) && !SetByDefaultParameterValues(name))
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
            _wait = NewTriggerWait();
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        try
        {
            StartOne();
        }
        catch
        {
            WarnUnfinished();
            throw;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        try
        {
            _wait?.Run();
        }
        catch
        {
            WarnUnfinished();
            throw;
        }
    }

    private void StartOne()
    {
        // A piped object may carry a blank build id; that item fails, the others go on.
        if (string.IsNullOrWhiteSpace(AppId))
        {
            WriteError(ErrorRecords.Record(new ArgumentException("The app id is blank."), "InvalidTriggerRequest", ErrorCategory.InvalidArgument, AppId,
                $"The app id '{AppId}' is blank, so no trigger request was sent for it. Give the build file id, as a run's build_file_id shows it."));
            return;
        }

        var request = new TriggerRequest(AppId, Tags(), Device.Cast<TriggerDevice>(), Environment, Context);

        string what = StartsFlows ? "test flows" : "test suites";
        if (_sent.Contains(request.CanonicalKey))
        {
            WriteVerbose($"Not starting the {what} of build '{AppId}' again: this call already sent the same request.");
            return;
        }

        string where = string.Join(", ", request.Devices.Select(d => d.ToString()));
        string scope = (Environment is null ? "" : $", environment '{Environment}'") + (Context is null ? "" : $", context '{Context}'");
        if (!ShouldProcess($"build '{AppId}'", $"Start the {what} matching {request.Tags} on {where}{scope}"))
        {
            return;
        }

        var kind = StartsFlows ? TriggerKind.TestFlow : TriggerKind.TestSuite;
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
                _outcomeUnknown.Add($"build '{AppId}' (the service's answer did not say whether runs started)");
            }

            WriteFailure(failure, ErrorRecords.FromTrigger(failure, TargetOf(failure, request)));
            return;
        }

        _sent.Add(request.CanonicalKey);
        Report(start, what);
    }

    private void Report(TriggerStart start, string what)
    {
        string runs = $"{start.test_runs.Length} run(s) of the {what} of build '{AppId}'";
        Remember(start);
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
    private void Remember(TriggerStart start)
    {
        if (start.trigger_id is { } id)
        {
            TriggerHistory.Remember(id);
            _wait?.Add(id);
        }
        else
        {
            _outcomeUnknown.Add($"runs {string.Join(", ", start.test_runs)} of build '{AppId}', whose trigger id is not known");
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
            Remember(starting.Result);
            if (_wait is null && starting.Result.trigger_id is { } id)
            {
                _outcomeUnknown.Add($"trigger '{id}' of build '{AppId}', started as the command stopped");
            }
        }
        else if (!(starting.Exception?.GetBaseException() is PantoApiException failure) || failure.Kind == PantoErrorKind.TriggerOutcomeUnknown)
        {
            _outcomeUnknown.Add($"build '{AppId}' (its trigger request was in flight when the command stopped)");
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

    // A waiting parameter set in $PSDefaultParameterValues is bound without -Wait as well;
    // only one given on the command line is the user's mistake.
    private bool SetByDefaultParameterValues(string parameter)
    {
        if (!(SessionState.PSVariable.GetValue("PSDefaultParameterValues") is IDictionary defaults))
        {
            return false;
        }

        foreach (DictionaryEntry entry in defaults)
        {
            int colon = entry.Key is string key ? key.LastIndexOf(':') : -1;
            if (colon <= 0)
            {
                continue;
            }

            string name = (string)entry.Key;
            if (string.Equals(name.Substring(colon + 1).Trim(), parameter, StringComparison.OrdinalIgnoreCase)
                && WildcardPattern.Get(name.Substring(0, colon).Trim(), WildcardOptions.IgnoreCase).IsMatch(MyInvocation.MyCommand.Name)
                && Equals(LanguagePrimitives.ConvertTo(entry.Value, MyInvocation.BoundParameters[parameter]?.GetType() ?? typeof(object), CultureInfo.InvariantCulture), MyInvocation.BoundParameters[parameter]))
            {
                return true;
            }
        }

        return false;
    }

    private TriggerTags Tags()
    {
        var names = FlowNames;
        if (names is not null)
        {
            return TriggerTags.FlowNames(names);
        }

        return ParameterSetName == ExcludeSet ? TriggerTags.Exclude(Pairs(ExcludeTag)) : TriggerTags.Include(Pairs(IncludeTag));
    }

    // The transformation has already made every value a string array.
    private static IEnumerable<KeyValuePair<string, IEnumerable<string>>> Pairs(Hashtable tags) =>
        tags.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, IEnumerable<string>>((string)e.Key, (string[])e.Value!));

    private object TargetOf(PantoApiException failure, TriggerRequest request)
    {
        switch (failure.Kind)
        {
            case PantoErrorKind.EnvironmentNotFound:
                return request.EnvName!;
            case PantoErrorKind.ContextNotFound:
                return request.ContextName!;
            case PantoErrorKind.NoMatchingTests:
                return (object?)FlowNames ?? (ParameterSetName == ExcludeSet ? ExcludeTag : IncludeTag);
            default:
                return request.AppId;
        }
    }
}

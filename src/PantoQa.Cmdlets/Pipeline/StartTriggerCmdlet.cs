using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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

    // Canonical keys of the requests this call has handled, so a build piped once per run is started once.
    private readonly HashSet<string> _handled = new HashSet<string>(StringComparer.Ordinal);

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
                if (MyInvocation.BoundParameters.ContainsKey(name))
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
        // A piped object may carry a blank build id; that item fails, the others go on.
        if (string.IsNullOrWhiteSpace(AppId))
        {
            WriteError(ErrorRecords.Record(new ArgumentException("The app id is blank."), "InvalidTriggerRequest", ErrorCategory.InvalidArgument, AppId,
                $"The app id '{AppId}' is blank, so no trigger request was sent for it. Give the build file id, as a run's build_file_id shows it."));
            return;
        }

        var request = new TriggerRequest(AppId, Tags(), Device.Cast<TriggerDevice>(), Environment, Context);

        string what = StartsFlows ? "test flows" : "test suites";
        if (!_handled.Add(request.CanonicalKey))
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
        Await(starting);
        var error = starting.Exception?.GetBaseException();
        if (starting.IsCanceled || error is OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }

        if (error is PantoApiException failure)
        {
            WriteTriggerError(failure, TargetOf(failure, request));
            return;
        }

        if (error is not null)
        {
            throw error;
        }

        Report(starting.Result, what);
    }

    private void Report(TriggerStart start, string what)
    {
        if (start.GetTriggerIdFailure() is { } unknown)
        {
            WriteTriggerError(unknown, start.test_runs);
            return;
        }

        TriggerHistory.Remember(start.trigger_id);
        WriteVerbose($"Started {start.test_runs.Length} run(s) of the {what} of build '{AppId}' as trigger '{start.trigger_id}': {start.message}");
        if (_wait is not null)
        {
            _wait.Add(start.trigger_id!);
        }
        else
        {
            WriteObject(RunOutput.ForPipeline(start));
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => _wait?.Run();

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

    /// <summary>A bad key ends the pipeline; anything else is this request's error.</summary>
    private void WriteTriggerError(PantoApiException failure, object target)
    {
        var record = ErrorRecords.FromTrigger(failure, target);
        if (failure.Kind == PantoErrorKind.Unauthorized)
        {
            Terminate(record);
        }

        WriteError(record);
    }
}

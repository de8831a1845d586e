using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PantoQa.Client.Models;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Parameters;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// What Start-PantoTestFlow and Start-PantoTestSuite share: one trigger request per pipeline
/// record, built from the build, the tag selector and the devices, and sent as
/// <see cref="TriggerSendingCmdlet"/> sends every request.
/// </summary>
/// <remarks>
/// No parameter, field or overridable member here may have a client type: PowerShell loads a
/// cmdlet's base type on import, before the module's resolver can supply PantoQa.Client.
/// </remarks>
public abstract class StartTriggerCmdlet : TriggerSendingCmdlet
{
    /// <summary>The parameter set of -IncludeTag, the default.</summary>
    protected const string IncludeSet = "Include";

    /// <summary>The parameter set of -ExcludeTag.</summary>
    protected const string ExcludeSet = "Exclude";

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

    /// <summary>True for the flow endpoint, false for the suite endpoint.</summary>
    protected abstract bool StartsFlows { get; }

    /// <summary>The flow names of -Name when that set is bound; null otherwise.</summary>
    protected virtual string[]? FlowNames => null;

    // Pipeline thread, as are all the methods below; the trigger itself runs on a worker inside Await.

    /// <inheritdoc/>
    protected override void ProcessRecord() => WarnIfEndedEarly(StartOne);

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
        Send(StartsFlows ? TriggerKind.TestFlow : TriggerKind.TestSuite, request, null, (object?)FlowNames ?? (ParameterSetName == ExcludeSet ? ExcludeTag : IncludeTag));
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
}

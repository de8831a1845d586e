using System.Management.Automation;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>Starts the root test flows of a build that match tags or names, on the given devices.</summary>
[Cmdlet(VerbsLifecycle.Start, "PantoTestFlow", DefaultParameterSetName = IncludeSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("PantoQa.TriggerStart", "PantoQa.TriggerResult", "PantoQa.RetrySummary")]
public sealed class StartPantoTestFlowCommand : StartTriggerCmdlet
{
    private const string NameSet = "Name";

    /// <summary>Flow names, sent as the include_tags selector's _$NAME tag.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = null!;

    /// <summary>With -Wait, restart the flow runs that failed, on their own devices, up to this many times.</summary>
    [Parameter]
    [ValidateRange(0, 5)]
    public int RetryFailed { get; set; }

    /// <inheritdoc/>
    protected override bool StartsFlows => true;

    private protected override int RetryLimit => RetryFailed;

    /// <inheritdoc/>
    protected override string[]? FlowNames => ParameterSetName == NameSet ? Name : null;
}

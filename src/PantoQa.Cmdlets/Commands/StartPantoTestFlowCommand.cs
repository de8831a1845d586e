using System.Management.Automation;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>Starts the root test flows of a build that match tags or names, on the given devices.</summary>
[Cmdlet(VerbsLifecycle.Start, "PantoTestFlow", DefaultParameterSetName = IncludeSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("PantoQa.TriggerStart", "PantoQa.TriggerResult")]
public sealed class StartPantoTestFlowCommand : StartTriggerCmdlet
{
    private const string NameSet = "Name";

    /// <summary>Flow names, sent as the include_tags selector's _$NAME tag.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NameSet)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = null!;

    /// <inheritdoc/>
    protected override bool StartsFlows => true;

    /// <inheritdoc/>
    protected override string[]? FlowNames => ParameterSetName == NameSet ? Name : null;
}

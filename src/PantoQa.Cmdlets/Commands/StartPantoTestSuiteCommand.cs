using System.Management.Automation;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>Starts the test suites of a build that match tags, on the given devices.</summary>
[Cmdlet(VerbsLifecycle.Start, "PantoTestSuite", DefaultParameterSetName = IncludeSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("PantoQa.TriggerStart", "PantoQa.TriggerResult")]
public sealed class StartPantoTestSuiteCommand : StartTriggerCmdlet
{
    /// <inheritdoc/>
    protected override bool StartsFlows => false;
}

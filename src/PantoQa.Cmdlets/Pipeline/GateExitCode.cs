using System.Management.Automation;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// Sets $LASTEXITCODE to 1 when an -ErrorOnFailure gate is red. A terminating error ends a
/// step only under $ErrorActionPreference Stop; the pwsh shells of GitHub Actions and Azure
/// Pipelines end each step with "exit $LASTEXITCODE", so the step fails without Stop too, as
/// it does after Invoke-Pester. A green gate leaves it alone, so it never hides a native
/// command that failed earlier in the step.
/// </summary>
internal static class GateExitCode
{
    internal static void MarkFailed(PSCmdlet cmdlet) => cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", 1);
}

using System;
using System.Linq;
using System.Management.Automation.Host;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// Whether a progress bar can be seen. Where it cannot (a CI log, output sent to a file, a
/// non-interactive or hosted session), a wait writes status lines on the host instead, so a
/// long wait never looks like a hung step.
/// </summary>
internal static class ProgressVisibility
{
    // Set by the CI services users run on; CI=true by most of them.
    private static readonly string[] CiVariables = { "CI", "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI" };

    internal static bool IsHidden(PSHost? host) =>
        CiVariables.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            || host is null
            || !string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal)
            || Console.IsOutputRedirected
            || Environment.GetCommandLineArgs().Skip(1).Any(IsNonInteractive);

    // PowerShell takes any unambiguous prefix of -NonInteractive (down to -noni), with - or /.
    private static bool IsNonInteractive(string argument) =>
        argument.Length >= 5
            && (argument[0] == '-' || argument[0] == '/')
            && "noninteractive".StartsWith(argument.Substring(1), StringComparison.OrdinalIgnoreCase);
}

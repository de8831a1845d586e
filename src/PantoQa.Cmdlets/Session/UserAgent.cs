using System;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using PantoQa.Client.Http;

namespace PantoQa.Cmdlets.Session;

/// <summary>
/// PantoQa/&lt;module version&gt; PowerShell/&lt;version&gt; (&lt;OS&gt;): what the service's
/// logs need to tell a module or PowerShell problem from its own.
/// </summary>
internal static class UserAgent
{
    private static readonly Lazy<string> Value = new Lazy<string>(Build);

    internal static string Current => Value.Value;

    private static string Build() =>
        $"PantoQa/{ProductVersion.Of(typeof(UserAgent).Assembly)} PowerShell/{PowerShellVersion()} ({OperatingSystem()})";

    private static string PowerShellVersion()
    {
        // PSVersionInfo is public in PowerShell 7 and internal in 5.1, where the engine's
        // assembly version (3.0.0.0) says nothing; it is the one source both agree on.
        var info = typeof(PSObject).Assembly.GetType("System.Management.Automation.PSVersionInfo");
        var property = info?.GetProperty("PSVersion", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
        return property?.GetValue(null)?.ToString() ?? "unknown";
    }

    private static string OperatingSystem()
    {
        string name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Windows"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macOS"
            : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "Linux"
            : "Unknown";
        return $"{name} {Environment.OSVersion.Version}";
    }
}

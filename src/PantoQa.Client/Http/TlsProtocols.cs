using System;
using System.Net;

namespace PantoQa.Client.Http;

/// <summary>
/// .NET Framework honours ServicePointManager.SecurityProtocol for HttpClient, and Windows
/// PowerShell 5.1 (built for .NET 4.5) starts with SSL 3 and TLS 1.0 only, which HTTPS
/// services refuse. Newer runtimes ignore the setting, so it is raised there only.
/// </summary>
internal static class TlsProtocols
{
    /// <summary>
    /// The protocols with TLS 1.2 (and 1.3 where the runtime knows it) added. SystemDefault
    /// (0) stays: the operating system then chooses, and naming protocols would narrow it.
    /// </summary>
    internal static SecurityProtocolType Raised(SecurityProtocolType current)
    {
        if (current == 0)
        {
            return current;
        }

        var raised = current | SecurityProtocolType.Tls12;
        // netstandard2.0 has no Tls13 member; .NET Framework 4.8 has it at run time.
        if (Enum.TryParse("Tls13", out SecurityProtocolType tls13))
        {
            raised |= tls13;
        }

        return raised;
    }

#if !NET
    private static readonly object Gate = new object();

    internal static void EnsureModern()
    {
        if (!System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            return;
        }

        lock (Gate)
        {
            ServicePointManager.SecurityProtocol = Raised(ServicePointManager.SecurityProtocol);
        }
    }
#endif
}

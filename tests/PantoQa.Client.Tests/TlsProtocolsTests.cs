using System.Net;
using PantoQa.Client.Http;

namespace PantoQa.Client.Tests;

/// <summary>What .NET Framework's ServicePointManager.SecurityProtocol becomes: raised, never lowered.</summary>
public sealed class TlsProtocolsTests
{
#pragma warning disable SYSLIB0014, CS0618 // The old protocols are exactly what Windows PowerShell 5.1 starts with.
    [Fact]
    public void WindowsPowerShellsDefault_GainsTls12AndTls13_AndKeepsWhatWasThere()
    {
        var start = SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls;

        var raised = TlsProtocols.Raised(start);

        Assert.Equal(start | SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13, raised);
    }
#pragma warning restore SYSLIB0014, CS0618

    [Fact]
    public void SystemDefault_IsLeftToTheOperatingSystem() =>
        Assert.Equal(SecurityProtocolType.SystemDefault, TlsProtocols.Raised(SecurityProtocolType.SystemDefault));

    [Fact]
    public void Tls12Alone_GainsTls13_AndStays() =>
        Assert.Equal(SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13, TlsProtocols.Raised(SecurityProtocolType.Tls12));
}

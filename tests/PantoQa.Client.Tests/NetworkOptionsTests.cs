using System.Net;
using System.Text;
using PantoQa.Client.Http;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>User-Agent and an explicit proxy, seen from the wire by a stub server.</summary>
public sealed class NetworkOptionsTests
{
    private const string Json = "application/json";

    [Fact]
    public async Task EveryRequest_CarriesTheUserAgentTheCallerGave()
    {
        using var stub = new StubServer(StubServer.Response(200, Json, DocumentExample.RunBody));
        using var client = TestClients.Create(stub.BaseAddress, o => o.UserAgent = "PantoQa/1.2.3 PowerShell/7.5.0 (Linux 6.1.0)");

        await client.GetTestRunAsync("testrun_01", CancellationToken.None);
        await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        Assert.All(stub.Requests, head => Assert.Contains("\r\nUser-Agent: PantoQa/1.2.3 PowerShell/7.5.0 (Linux 6.1.0)\r\n", head));
    }

    [Fact]
    public async Task WithoutOne_TheClientNamesItself()
    {
        using var stub = new StubServer(StubServer.Response(200, Json, DocumentExample.RunBody));
        using var client = TestClients.Create(stub.BaseAddress);

        await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        Assert.Matches(@"\r\nUser-Agent: PantoQa/\d+\.\d+\.\d+\r\n", Assert.Single(stub.Requests));
    }

    [Fact]
    public async Task AnExplicitProxy_GetsTheRequest_AndItsCredentialsOnlyWhenItAsks()
    {
        // The stub plays the proxy: a challenge first, then the answer.
        using var proxy = new StubServer(n => n == 0
            ? StubServer.Response(407, "text/plain", "proxy login", ("Proxy-Authenticate", "Basic realm=\"test\""))
            : StubServer.Response(200, Json, DocumentExample.RunBody));
        using var client = TestClients.Create(new Uri("http://127.0.0.1:9"), o =>
        {
            o.Proxy = proxy.BaseAddress;
            o.ProxyCredentials = new NetworkCredential("proxy-user", "proxy-pass-canary");
        });

        var run = await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        Assert.Equal("testrun_01", run.id);
        var heads = proxy.Requests;
        Assert.Equal(2, heads.Count);
        Assert.All(heads, head => Assert.StartsWith("GET http://127.0.0.1:9/api/v1/qa/external/test-run/testrun_01 HTTP/1.1\r\n", head));
        Assert.DoesNotContain("Proxy-Authorization", heads[0]);
        string basic = Convert.ToBase64String(Encoding.ASCII.GetBytes("proxy-user:proxy-pass-canary"));
        Assert.Contains($"\r\nProxy-Authorization: Basic {basic}\r\n", heads[1]);
    }

    [Theory]
    [InlineData("http://user:proxy-pass-canary@proxy.example.com:8080", "user info")]
    [InlineData("http://proxy.example.com:8080/?token=proxy-pass-canary", "query")]
    [InlineData("socks5://proxy.example.com:1080", "http or https")]
    public void ABadProxy_IsRefused_WithoutQuotingWhatItCarries(string proxy, string reason)
    {
        var options = new PantoClientOptions { Proxy = new Uri(proxy) };

        var refused = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(reason, refused.Message);
        Assert.DoesNotContain("proxy-pass-canary", refused.Message);
    }

    [Fact]
    public void ProxyCredentials_WithoutAProxy_AreRefused()
    {
        var options = new PantoClientOptions { ProxyCredentials = new NetworkCredential("u", "p") };

        Assert.Contains("need a proxy", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PantoQa/1.0\r\nX-Forged: 1")]
    [InlineData("PantoQa/1.0 (Café)")]
    public void AUserAgent_ThatIsNotPrintableAscii_IsRefused(string agent) =>
        Assert.Throws<ArgumentException>(new PantoClientOptions { UserAgent = agent }.Validate);
}

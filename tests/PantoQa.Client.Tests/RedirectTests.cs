using System.Net;
using System.Net.Sockets;
using PantoQa.Client.Errors;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>The key goes only to the origin it was configured for; a redirect elsewhere is reported, not followed.</summary>
public sealed class RedirectTests(FaultEmulator emulator) : IClassFixture<FaultEmulator>
{
    [Fact]
    public async Task RedirectToAnotherHost_IsNotFollowed_AndTheKeyNeverGoesThere()
    {
        using var elsewhere = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        elsewhere.Start();
        var target = $"http://127.0.0.2:{((IPEndPoint)elsewhere.LocalEndpoint).Port}";
        await emulator.FaultAsync(1.0, ["redirect"], redirectTo: target);
        using var client = TestClients.Create(emulator.Emulator);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.Redirect, failure.Kind);
        Assert.Equal(HttpStatusCode.Found, failure.StatusCode);
        Assert.Contains(target, failure.Message);
        Assert.Equal(1, failure.Attempts);
        Assert.False(failure.IsTransient);
        Assert.Single(await emulator.Control.ApiRequestsAsync(1));
        await Task.Delay(200);
        Assert.False(elsewhere.Pending(), "Something connected to the redirect target.");
    }

    [Fact]
    public async Task RedirectToAnotherPortOfTheSameHost_IsAnotherOrigin()
    {
        using var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        await emulator.FaultAsync(1.0, ["redirect"], redirectTo: $"http://127.0.0.1:{((IPEndPoint)elsewhere.LocalEndpoint).Port}");
        using var client = TestClients.Create(emulator.Emulator);

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync("trigger_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.Redirect, failure.Kind);
        await Task.Delay(200);
        Assert.False(elsewhere.Pending(), "Something connected to the redirect target.");
    }

    [Fact]
    public async Task RedirectWithinTheOrigin_IsFollowed()
    {
        // A quarter of the requests redirect to the emulator itself; the hop after one is served.
        await emulator.FaultAsync(0.25, ["redirect"], redirectTo: emulator.Emulator.BaseAddress.ToString(), seed: 7);
        using var client = TestClients.Create(emulator.Emulator);

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal("testrun_01", (await client.GetTestRunAsync("testrun_01", CancellationToken.None)).id);
        }

        var sent = await emulator.Control.ApiRequestsAsync();
        Assert.Contains(sent, r => r.Status == 302);
        Assert.All(sent, r => Assert.True(r.ApiKeyPresent));
    }

    [Fact]
    public async Task EndlessRedirectsWithinTheOrigin_AreCut()
    {
        await emulator.FaultAsync(1.0, ["redirect"], redirectTo: emulator.Emulator.BaseAddress.ToString());
        using var client = TestClients.Create(emulator.Emulator);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.Redirect, failure.Kind);
        Assert.Equal(1, failure.Attempts);
        // The first request and five redirects followed.
        Assert.Equal(6, (await emulator.Control.ApiRequestsAsync(6)).Count);
    }
}

using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// The redirect-301 … redirect-308 faults: a same-origin redirect, with the request carried out
/// first for 301, 302 and 303 and not at all for 307 and 308, as a real service would.
/// </summary>
public sealed class RedirectFaultTests(RedirectFaultTests.Emulator fixture) : IClassFixture<RedirectFaultTests.Emulator>
{
    private static readonly object Flows = new
    {
        app_id = "app_01",
        tags = new { include = new { team = new[] { "discovery" } } },
        devices = new[] { new { platform = "android", device_name = "Pixel 6", platform_version = "14" } },
    };

    private EmulatorProcess Server => fixture.Process;

    private string Origin => Server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Theory]
    [InlineData("redirect-301", 301)]
    [InlineData("redirect-302", 302)]
    [InlineData("redirect-303", 303)]
    [InlineData("redirect-307", 307)]
    [InlineData("redirect-308", 308)]
    public async Task OnAGet_RedirectsToTheSamePathOnTheSameOrigin_WhereTheAnswerIsNormal(string kind, int status)
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { kind } });

        var plain = await Server.GetAsync(Api.RunPath + "r1");
        var withQuery = await Server.GetAsync(Api.TriggerPath + "t1?x=%2F");

        Assert.Equal(status, (int)plain.Status);
        Assert.Equal("", plain.Body);
        var location = plain.Headers.Location!.OriginalString;
        Assert.Equal($"{Origin}{Api.RunPath}r1?panto_redirected=1", location);
        Assert.Equal($"{Origin}{Api.TriggerPath}t1?x=%2F&panto_redirected=1", withQuery.Headers.Location!.OriginalString);
        // Faults are still on at rate 1, yet the followed request is answered normally.
        var followed = await Server.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, followed.Status);
        Assert.Equal("r1", followed.Json.GetProperty("test_run").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("redirect-301", 301)]
    [InlineData("redirect-302", 302)]
    [InlineData("redirect-303", 303)]
    public async Task OnAPost_301To303_CarryTheTriggerOutFirst(string kind, int status)
    {
        await StartPostFaultsAsync(kind);
        var before = (await Server.Control.TriggeredAsync()).Count;

        var response = await Server.TriggerFlowsAsync(Flows);

        Assert.Equal(status, (int)response.Status);
        Assert.Equal($"{Origin}{Api.FlowTriggerPath}?panto_redirected=1", response.Headers.Location!.OriginalString);
        var logged = Assert.Single(await Server.Control.ApiRequestsAsync(1));
        Assert.Equal((Api.FlowTriggerPath, status, kind), (logged.RawTarget, logged.Status, logged.Fault));
        var triggered = await Server.Control.TriggeredAsync();
        Assert.Equal(before + 1, triggered.Count);
        Assert.Equal(HttpStatusCode.OK, (await Server.GetTriggerAsync(triggered[^1].TriggerId)).Status);
    }

    [Theory]
    [InlineData("redirect-307", 307)]
    [InlineData("redirect-308", 308)]
    public async Task OnAPost_307And308_CarryNothingOut_AndTheResentRequestIsAnswered(string kind, int status)
    {
        await StartPostFaultsAsync(kind);
        var before = (await Server.Control.TriggeredAsync()).Count;

        var response = await Server.TriggerFlowsAsync(Flows);

        Assert.Equal(status, (int)response.Status);
        Assert.Equal(before, (await Server.Control.TriggeredAsync()).Count);
        var location = response.Headers.Location!.OriginalString;
        var resent = await Server.SendAsync(HttpMethod.Post, location, JsonSerializer.Serialize(Flows), Api.Key);
        Assert.Equal(HttpStatusCode.OK, resent.Status);
        var triggered = await Server.Control.TriggeredAsync();
        Assert.Equal(before + 1, triggered.Count);
        Assert.Equal(resent.Json.GetProperty("test_runs")[0].GetString(), triggered[^1].TestRuns[0]);
        var log = await Server.Control.ApiRequestsAsync(2);
        Assert.Equal((Api.FlowTriggerPath, status, kind), (log[0].RawTarget, log[0].Status, log[0].Fault));
        Assert.Equal((Api.FlowTriggerPath + "?panto_redirected=1", 200, (string?)null), (log[1].RawTarget, log[1].Status, log[1].Fault));
    }

    [Theory]
    [InlineData("redirect-307")]
    [InlineData("redirect-308")]
    public async Task AClientThatFollows307And308_GetsTheNormalAnswer_AndTriggersOnce(string kind)
    {
        await StartPostFaultsAsync(kind);
        var before = (await Server.Control.TriggeredAsync()).Count;
        using var following = new HttpClient { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, Api.FlowTriggerPath)
        {
            Content = new StringContent(JsonSerializer.Serialize(Flows), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(Api.KeyHeader, Api.Key);

        using var response = await following.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Single(body.RootElement.GetProperty("test_runs").EnumerateArray());
        Assert.Equal(before + 1, (await Server.Control.TriggeredAsync()).Count);
    }

    [Fact]
    public async Task AFollowedRequest_IsNotNumbered_SoTheSequenceIsTheSameWhetherClientsFollowOrNot()
    {
        await Server.Control.SetFaultsAsync(new { rate = 0.5, seed = 42, kinds = new[] { "redirect-307" } });
        var alone = await StatusesAsync(follow: false);
        await Server.Control.ResetAsync();
        var followed = await StatusesAsync(follow: true);

        Assert.Contains(307, alone);
        Assert.Contains(200, alone);
        Assert.Equal(alone, followed);
    }

    [Fact]
    public async Task WithoutKinds_NoRedirectIsDrawn()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, seed = 5 });
        await Server.Control.ResetAsync();

        await FaultSequences.StatusesAsync(Server);

        var stats = await Server.Control.StatsAsync();
        Assert.Equal(FaultSequences.Requests, stats.FaultsInjected);
        Assert.DoesNotContain(stats.FaultsByKind.Keys, k => k.StartsWith("redirect", StringComparison.Ordinal));
    }

    /// <summary>The statuses of 20 GETs, each redirected one followed at once when <paramref name="follow"/> is set.</summary>
    private async Task<List<int>> StatusesAsync(bool follow)
    {
        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var response = await Server.GetAsync(Api.RunPath + "r1");
            statuses.Add((int)response.Status);
            if (follow && response.Headers.Location is { } location)
            {
                Assert.Equal(HttpStatusCode.OK, (await Server.GetAsync(location.OriginalString)).Status);
            }
        }

        return statuses;
    }

    /// <summary>Faults every POST with <paramref name="kind"/>, from an empty request log.</summary>
    private async Task StartPostFaultsAsync(string kind)
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { kind }, methods = new[] { "POST" } });
        await Server.Control.ResetAsync();
    }

    public sealed class Emulator : IAsyncLifetime
    {
        public EmulatorProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() => Process = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}

using System.Net;
using PantoQa.Emulator.Tests.Infrastructure;
using static PantoQa.Emulator.Tests.Infrastructure.FaultSequences;

namespace PantoQa.Emulator.Tests;

/// <summary>POST/DELETE /_emulator/faults, stats and reset. Every test sets its own configuration first.</summary>
public sealed class FaultControlTests(FaultControlTests.Emulator fixture) : IClassFixture<FaultControlTests.Emulator>
{
    private static readonly object SeedFortyTwo = new { rate = 0.5, seed = 42, kinds = new[] { "500", "503", "429" } };

    private EmulatorProcess Server => fixture.Process;

    [Fact]
    public async Task PostingAConfig_RestartsItsSequence_AndAnotherSeedGivesAnotherOne()
    {
        await Server.Control.SetFaultsAsync(SeedFortyTwo);
        var first = await StatusesAsync(Server);
        await Server.Control.SetFaultsAsync(SeedFortyTwo);
        var again = await StatusesAsync(Server);
        await Server.Control.SetFaultsAsync(new { rate = 0.5, seed = 7, kinds = new[] { "500", "503", "429" } });
        var otherSeed = await StatusesAsync(Server);

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public async Task Rate_IsRoughlyKept()
    {
        await Server.Control.SetFaultsAsync(new { rate = 0.25, seed = 3, kinds = new[] { "503" } });

        var statuses = await StatusesAsync(Server);

        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 503 }));
        Assert.InRange(statuses.Count(s => s == 503), 3, 17);
    }

    [Fact]
    public async Task Reset_ClearsStatsAndLog_AndRestartsTheSequence()
    {
        await Server.Control.SetFaultsAsync(SeedFortyTwo);
        var before = await StatusesAsync(Server);

        Assert.Equal(HttpStatusCode.NoContent, (await Server.SendAsync(HttpMethod.Post, "/_emulator/reset")).Status);
        var stats = (await Server.SendAsync(HttpMethod.Get, "/_emulator/stats")).Json;
        var log = (await Server.SendAsync(HttpMethod.Get, "/_emulator/requests")).Json;

        Assert.Equal(0, stats.GetProperty("requests_served").GetInt32());
        Assert.Equal(0, stats.GetProperty("faults_injected").GetInt32());
        Assert.Empty(stats.GetProperty("faults_by_kind").EnumerateObject());
        // Requests are logged as they finish, so the reset itself is the first entry after the clearing.
        Assert.Equal(["/_emulator/reset", "/_emulator/stats"], log.EnumerateArray().Select(e => e.GetProperty("raw_target").GetString()));
        Assert.Equal(before, await StatusesAsync(Server));
    }

    [Fact]
    public async Task DeletingTheConfig_TurnsFaultsOff()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "500" } });

        Assert.Equal(HttpStatusCode.NoContent, (await Server.SendAsync(HttpMethod.Delete, "/_emulator/faults")).Status);

        Assert.All(await StatusesAsync(Server), s => Assert.Equal(200, s));
        Assert.Equal(0, (await Server.SendAsync(HttpMethod.Get, "/_emulator/faults")).Json.GetProperty("rate").GetDouble());
    }

    [Fact]
    public async Task Faults_HitOnlyApiRequests_AndComeBeforeTheKeyCheck()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "503" } });
        var faultsBefore = await FaultsInjectedAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Server.SendAsync(HttpMethod.Get, "/_emulator/stats")).Status);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Server.GetRunAsync("r1", key: null)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Server.GetAsync("/api/no/such/path")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.GetAsync("/no/such/path")).Status);
        Assert.Equal(faultsBefore + 2, await FaultsInjectedAsync());
    }

    [Theory]
    [InlineData("""{"rate": 1, "kinds": ["500", "teapot"]}""", "teapot")]
    [InlineData("""{"rate": 1.5}""", "rate")]
    [InlineData("""{"rate": 0.5, "delay_ms": -1}""", "delay_ms")]
    [InlineData("""{"rate": 0.5, "redirect_to": "ftp://example"}""", "redirect_to")]
    [InlineData("""{"rate": 0.5, "colour": "red"}""", "colour")]
    [InlineData("""not json""", "not valid")]
    public async Task InvalidConfig_IsRejected_AndTheOldOneStays(string body, string mentioned)
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "504" } });

        var response = await Server.SendAsync(HttpMethod.Post, "/_emulator/faults", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(mentioned, response.Json.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await Server.GetRunAsync("r1")).Status);
    }

    private async Task<int> FaultsInjectedAsync() =>
        (await Server.SendAsync(HttpMethod.Get, "/_emulator/stats")).Json.GetProperty("faults_injected").GetInt32();

    public sealed class Emulator : IAsyncLifetime
    {
        public EmulatorProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() => Process = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}

using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>most_in_flight in GET /_emulator/stats: how a test tells a client's throttle from a burst.</summary>
public sealed class InFlightStatsTests(InFlightStatsTests.Emulator fixture) : IClassFixture<InFlightStatsTests.Emulator>
{
    private EmulatorProcess Server => fixture.Process;

    [Fact]
    public async Task MostInFlight_IsThePeakOfOverlappingRequests_AndResetStartsItAgain()
    {
        // Every request is held two seconds, so requests sent together are all in flight at once,
        // even on a busy machine.
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "delay" }, delay_ms = 2000 });
        await Server.Control.ResetAsync();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Server.GetTriggerAsync("t1")));
        Assert.Equal(5, await MostInFlightAsync());

        await Server.Control.ClearFaultsAsync();
        await Server.Control.ResetAsync();
        Assert.Equal(0, await MostInFlightAsync());
        await Server.GetTriggerAsync("t1");
        await Server.GetTriggerAsync("t1");
        Assert.Equal(1, await MostInFlightAsync());
    }

    private async Task<int> MostInFlightAsync() =>
        (await Server.SendAsync(HttpMethod.Get, "/_emulator/stats")).Json.GetProperty("most_in_flight").GetInt32();

    public sealed class Emulator : IAsyncLifetime
    {
        public EmulatorProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() => Process = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}

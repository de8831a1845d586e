using System.Diagnostics;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>Each attempt has its own deadline, body included; a slow service costs at most (MaxRetries + 1) × Timeout.</summary>
public sealed class TimeoutTests(FaultEmulator emulator) : IClassFixture<FaultEmulator>
{
    [Fact]
    public async Task SlowerThanTheTimeout_EveryAttempt_IsATimeout()
    {
        await emulator.FaultAsync(1.0, ["delay"], delayMs: 5000);
        using var client = TestClients.Create(emulator.Emulator, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 1;
        });
        var events = new List<PantoRequestEvent>();
        var watch = Stopwatch.StartNew();

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None, events.Add));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        Assert.Equal(PantoErrorKind.Timeout, failure.Kind);
        Assert.Equal(2, failure.Attempts);
        Assert.True(failure.IsTransient);
        Assert.Contains("1 s", failure.Message);
        Assert.All(events, e => Assert.Equal("timed out", e.Failure));
        // Filtered by fault: a hung request of another test here is logged only once its client leaves.
        Assert.Equal(2, (await emulator.Control.ApiRequestsWhenAsync(requests => requests.Count(r => r.Fault == "delay") >= 2)).Count(r => r.Fault == "delay"));
    }

    [Fact]
    public async Task HungRequest_TimesOut()
    {
        await emulator.FaultAsync(1.0, ["hang"]);
        using var client = TestClients.Create(emulator.Emulator, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 0;
        });

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync("trigger_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.Timeout, failure.Kind);
        Assert.Equal(1, failure.Attempts);
    }

    [Fact]
    public async Task SlowButWithinTheTimeout_Succeeds()
    {
        await emulator.FaultAsync(1.0, ["delay"], delayMs: 300);
        using var client = TestClients.Create(emulator.Emulator, o => o.Timeout = TimeSpan.FromSeconds(10));

        var run = await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        Assert.Equal("testrun_01", run.id);
        Assert.Single(await emulator.Control.ApiRequestsAsync(r => r.Fault == "delay"), r => r.Fault == "delay");
    }
}

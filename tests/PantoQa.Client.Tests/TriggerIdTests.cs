using System.Diagnostics;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Client.Tests.Infrastructure;
using static PantoQa.Client.Tests.Infrastructure.Triggers;

namespace PantoQa.Client.Tests;

/// <summary>
/// Learning the trigger id: from the response when the service sends it, else from the first
/// new run, which may answer 404 for a while. Each test runs its own emulator with the option
/// it needs.
/// </summary>
public sealed class TriggerIdTests
{
    [Fact]
    public async Task IdInTheResponse_IsTaken_AndTheFirstRunIsStillReadBeforeReturning()
    {
        // Twenty seconds on both clocks, passed in half-second polls without waiting for them.
        await using var server = await ClientEmulator.StartAsync("--trigger-id-in-response", "--new-run-visibility-delay-ms", "20000");
        var clock = new JumpingClock(server.Control.AdvanceClockAsync);
        using var client = TestClients.OnClock(server, clock);

        var start = await new TriggerStarter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("identity"), CancellationToken.None);

        var triggered = Assert.Single(await TriggeredAsync(server));
        Assert.Equal(triggered.TriggerId, start.trigger_id);
        Assert.Null(start.GetTriggerIdFailure());
        // Returned only once the trigger can be read, so a wait that follows never sees a 404;
        // the emulator's clock also runs in real time, hence the lower bound's margin.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20.5));
        Assert.All(clock.Waits, wait => Assert.Equal(TimeSpan.FromMilliseconds(500), wait));
        Assert.Equal(start.test_runs, (await client.GetTriggerRunsAsync(start.trigger_id!, CancellationToken.None)).test_runs.Select(r => r.id));
    }

    [Fact]
    public async Task HiddenNewRuns_AreReadAgainUntilTheyShow()
    {
        await using var server = await ClientEmulator.StartAsync("--new-run-visibility-delay-ms", "1000");
        using var client = TestClients.Create(server);
        var events = new List<PantoRequestEvent>();

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None, events.Add);

        Assert.Equal(Assert.Single(await TriggeredAsync(server)).TriggerId, start.trigger_id);
        var reads = events.Where(e => e.Method == "GET").ToList();
        Assert.True(reads.Count >= 2, $"Only {reads.Count} read(s) of the new run.");
        Assert.All(reads[..^1], e => Assert.Equal(System.Net.HttpStatusCode.NotFound, e.StatusCode));
        Assert.Equal(System.Net.HttpStatusCode.OK, reads[^1].StatusCode);
        Assert.Single(events, e => e.Method == "POST");
        Assert.Equal(start.test_runs, (await client.GetTriggerRunsAsync(start.trigger_id!, CancellationToken.None)).test_runs.Select(r => r.id));
    }

    [Fact]
    public async Task RunsThatNeverShow_LeaveTheIdUnknown_WithTheRunIds()
    {
        // The lookup as it ships: a read every 500 ms for 30 s, on a clock that passes them at once.
        await using var server = await ClientEmulator.StartAsync("--new-run-visibility-delay-ms", "600000");
        var clock = new JumpingClock(server.Control.AdvanceClockAsync);
        using var client = TestClients.OnClock(server, clock);

        var start = await new TriggerStarter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(30), clock.Elapsed);
        Assert.Equal(60, clock.Waits.Count);
        Assert.All(clock.Waits, wait => Assert.Equal(TimeSpan.FromMilliseconds(500), wait));
        Assert.Null(start.trigger_id);
        Assert.Equal(Assert.Single(await TriggeredAsync(server)).Runs, start.test_runs);
        var failure = start.GetTriggerIdFailure();
        Assert.NotNull(failure);
        Assert.Equal(PantoErrorKind.TriggerIdUnknown, failure.Kind);
        Assert.Contains(start.test_runs[0], failure.Message);
        Assert.Contains("still answered 404 after 30 s", failure.Message);
        Assert.Contains("Do not send the trigger again", failure.Message);
        SecretAssert.NotLeaked(failure);
        // One POST, whatever happened after it; a read at the start and after each wait.
        var sent = await server.Control.ApiRequestsAsync();
        Assert.Equal(1, sent.Count(r => r.RawTarget == TriggerStarter.TestFlowPath));
        Assert.Equal(61, sent.Count(r => r.RawTarget.Contains("/test-run/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task IdFromTheResponse_IsKept_EvenIfTheRunsAreSlowToShow()
    {
        await using var server = await ClientEmulator.StartAsync("--trigger-id-in-response", "--new-run-visibility-delay-ms", "600000");
        using var client = TestClients.Create(server);

        var start = await Starter(client, idWait: TimeSpan.FromMilliseconds(300)).StartAsync(TriggerKind.TestSuite, new TriggerRequest("app_01", TriggerTags.Include([new("type", ["smoke"])]), [Pixel]), CancellationToken.None);

        Assert.Equal(Assert.Single(await TriggeredAsync(server)).TriggerId, start.trigger_id);
        Assert.Null(start.GetTriggerIdFailure());
    }

    [Fact]
    public async Task CancelWhileWaitingForTheRunsToShow_EndsWithinASecond_KeepingTheStart()
    {
        await using var server = await ClientEmulator.StartAsync("--new-run-visibility-delay-ms", "600000");
        using var client = TestClients.Create(server);
        using var cancel = new CancellationTokenSource();
        var hidden = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var starter = Starter(client, idWait: TimeSpan.FromSeconds(60));
        starter.TriggerIdPollInterval = TimeSpan.FromSeconds(20);
        var call = starter.StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), cancel.Token, e =>
        {
            if (e.Method == "GET")
            {
                hidden.TrySetResult();
            }
        });
        await hidden.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        // The runs did start: a stop must not lose that, only the trigger id it had yet to read.
        var start = await call;
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, Promptly);
        Assert.Single(start.test_runs);
        Assert.Null(start.trigger_id);
        Assert.Equal(PantoErrorKind.TriggerIdUnknown, start.GetTriggerIdFailure()!.Kind);
        Assert.Contains("stopped before it was read", start.GetTriggerIdFailure()!.Message);
    }

    [Fact]
    public async Task AlreadyCancelled_SendsNothing()
    {
        await using var server = await ClientEmulator.StartAsync();
        using var client = TestClients.Create(server);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), new CancellationToken(canceled: true)));

        Assert.Empty(await TriggeredAsync(server));
        Assert.Equal(0, (await server.Control.StatsAsync()).RequestsServed);
    }
}

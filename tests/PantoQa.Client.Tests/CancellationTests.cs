using System.Diagnostics;
using PantoQa.Client.Http;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>Cancelling (Ctrl+C in a shell) ends a call at once, wherever it is waiting.</summary>
public sealed class CancellationTests(FaultEmulator emulator) : IClassFixture<FaultEmulator>
{
    // Far above how long a cancelled call may take, far below what it would wait otherwise.
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CancelDuringTheRetryDelay_EndsTheCall()
    {
        await emulator.FaultAsync(1.0, ["503"]);
        using var client = TestClients.Create(emulator.Emulator, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromSeconds(60);
            o.MaxRetryDelay = TimeSpan.FromSeconds(120);
        });
        var retrying = new TaskCompletionSource<PantoRequestEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var call = client.GetTestRunAsync("testrun_01", cancel.Token, e => retrying.TrySetResult(e));
        var retry = await retrying.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(retry.RetryDelay);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, Promptly);
        Assert.Single(await emulator.Control.ApiRequestsAsync(1));
    }

    [Fact]
    public async Task CancelDuringARequestThatNeverAnswers_EndsTheCall()
    {
        await emulator.FaultAsync(1.0, ["hang"]);
        using var client = TestClients.Create(emulator.Emulator, o => o.Timeout = TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource();

        var call = client.GetTriggerRunsAsync("trigger_01", cancel.Token);
        await WaitForRequestsAsync(1);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, Promptly);
    }

    [Fact]
    public async Task CancelDuringABodyThatNeverEnds_EndsTheCall()
    {
        // A body that trickles rather than the emulator's full-speed endless-body: at full speed
        // the 64 MiB cap can end the read before the cancellation arrives on a busy machine.
        using var server = new TricklingServer();
        using var client = TestClients.Create(server.BaseAddress, o => o.Timeout = TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource();

        var call = client.GetTriggerRunsAsync("trigger_01", cancel.Token);
        await server.BodyStarted.WaitAsync(TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, Promptly);
    }

    [Fact]
    public async Task AlreadyCancelled_SendsNothing()
    {
        await emulator.Control.ClearFaultsAsync();
        await emulator.Control.ResetAsync();
        using var client = TestClients.Create(emulator.Emulator);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetTestRunAsync("testrun_01", new CancellationToken(canceled: true)));

        Assert.Equal(0, (await emulator.Control.StatsAsync()).RequestsServed);
    }

    /// <summary>Counts requests as they arrive; the log only has them once they are over.</summary>
    private async Task WaitForRequestsAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        while ((await emulator.Control.StatsAsync()).RequestsServed < count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "The request never reached the emulator.");
            await Task.Delay(20);
        }
    }
}

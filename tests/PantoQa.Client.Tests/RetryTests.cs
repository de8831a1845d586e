using System.Net;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>Transient failures are retried, within MaxRetries and MaxRetryDelay, and then reported.</summary>
public sealed class RetryTests(FaultEmulator emulator) : IClassFixture<FaultEmulator>
{
    private static readonly string[] AllTransient = ["500", "502", "503", "504", "429", "drop"];

    [Fact]
    public async Task ThirtyPercentTransientFaults_EveryCallStillSucceeds()
    {
        await emulator.FaultAsync(0.3, AllTransient, seed: 42);
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxRetries = 10);

        for (int i = 0; i < 200; i++)
        {
            var run = await client.GetTestRunAsync("testrun_01", CancellationToken.None);
            Assert.Equal("testrun_01", run.id);
        }

        var stats = await emulator.Control.StatsAsync();
        Assert.InRange(stats.FaultsInjected, 30, 130);
        // Each fault cost exactly one more request: nothing was given up, nothing sent twice.
        Assert.Equal(200 + stats.FaultsInjected, stats.RequestsServed);
        Assert.Equal(AllTransient.Order(), stats.FaultsByKind.Keys.Order());
    }

    [Theory]
    [InlineData("500", PantoErrorKind.ServiceUnavailable, HttpStatusCode.InternalServerError)]
    [InlineData("502", PantoErrorKind.ServiceUnavailable, HttpStatusCode.BadGateway)]
    [InlineData("503", PantoErrorKind.ServiceUnavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData("504", PantoErrorKind.ServiceUnavailable, HttpStatusCode.GatewayTimeout)]
    [InlineData("429", PantoErrorKind.ServiceUnavailable, HttpStatusCode.TooManyRequests)]
    [InlineData("drop", PantoErrorKind.Connection, null)]
    public async Task PersistentFault_GivesUpAfterExactlyMaxRetriesPlusOne(string kind, PantoErrorKind expected, HttpStatusCode? status)
    {
        await emulator.FaultAsync(1.0, [kind]);
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxRetries = 3);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(expected, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(4, failure.Attempts);
        Assert.True(failure.IsTransient);
        Assert.Contains("4 attempt(s)", failure.Message);
        var sent = await emulator.Control.ApiRequestsAsync(4);
        Assert.Equal(4, sent.Count);
        Assert.All(sent, r => Assert.Equal(kind, r.Fault));
        // Nothing is still on its way: a fifth request would show up in the log by now.
        await Task.Delay(200);
        Assert.Equal(4, (await emulator.Control.ApiRequestsAsync()).Count);
    }

    [Fact]
    public async Task PersistentFault_OnTheTriggerEndpoint_GivesUpTheSameWay()
    {
        await emulator.FaultAsync(1.0, ["503"]);
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxRetries = 2);

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync("trigger_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.ServiceUnavailable, failure.Kind);
        Assert.Equal("Service Unavailable", failure.ServiceMessage);
        Assert.Equal(3, failure.Attempts);
        Assert.Equal(3, (await emulator.Control.ApiRequestsAsync(3)).Count);
    }

    [Theory]
    [InlineData("html", PantoErrorKind.InvalidResponse)]
    [InlineData("redirect", PantoErrorKind.Redirect)]
    [InlineData("huge-length", PantoErrorKind.InvalidResponse)]
    public async Task AnswerFoundWrongAfterRetries_CountsEveryAttempt(string kind, PantoErrorKind expected)
    {
        using var client = TestClients.Create(emulator.Emulator, o =>
        {
            o.MaxRetries = 10;
            o.MaxResponseBytes = 1024 * 1024;
        });
        var attempts = new List<int>();

        // Each seed draws its own mix of 503s before the first answer that ends the call.
        for (long seed = 0; seed < 6; seed++)
        {
            await emulator.FaultAsync(1.0, ["503", kind], seed: seed);

            var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

            Assert.Equal(expected, failure.Kind);
            Assert.Equal((await emulator.Control.ApiRequestsAsync(failure.Attempts)).Count, failure.Attempts);
            attempts.Add(failure.Attempts);
        }

        Assert.Contains(attempts, n => n > 1);
    }

    [Fact]
    public async Task NoRetries_MeansOneRequest()
    {
        await emulator.FaultAsync(1.0, ["502"]);
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxRetries = 0);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.ServiceUnavailable, failure.Kind);
        Assert.Equal(1, failure.Attempts);
        // A proxy's HTML error page is not the service speaking.
        Assert.Null(failure.ServiceMessage);
        Assert.Single(await emulator.Control.ApiRequestsAsync(1));
    }

    [Fact]
    public async Task Observer_HearsEveryAttempt_AndTheDelayBeforeEachRetry()
    {
        await emulator.FaultAsync(1.0, ["503"]);
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxRetries = 3);
        var events = new List<PantoRequestEvent>();

        await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None, events.Add));

        Assert.Equal([1, 2, 3, 4], events.Select(e => e.Attempt));
        Assert.All(events, e => Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode));
        Assert.All(events.Take(3), e => Assert.InRange(e.RetryDelay!.Value, TimeSpan.Zero, client.Options.MaxRetryDelay));
        Assert.Null(events[3].RetryDelay);
        Assert.Contains("retry 1 of 3", events[0].ToString());
        Assert.All(events, e => Assert.DoesNotContain(Keys.Secret, e.ToString()));
    }

    [Fact]
    public async Task RetryAfterOfADay_IsCappedByMaxRetryDelay()
    {
        await emulator.FaultAsync(1.0, ["429"], retryAfter: "86400");
        var clock = new JumpingClock();
        using var client = TestClients.OnClock(emulator.Emulator, clock, o =>
        {
            o.MaxRetries = 2;
            o.MaxRetryDelay = TimeSpan.FromSeconds(7);
        });
        var events = new List<PantoRequestEvent>();

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None, events.Add));

        // Exactly the cap before each retry: no backoff, no jitter, nothing longer.
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], clock.Waits);
        Assert.Equal(PantoErrorKind.ServiceUnavailable, failure.Kind);
        Assert.Equal(3, failure.Attempts);
        // What the caller sees is capped too: Wait-PantoTrigger sleeps for it between polls.
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.All(events.Take(2), e => Assert.Equal(TimeSpan.FromSeconds(7), e.RetryDelay));
    }

    [Fact]
    public async Task RetryAfterAsAnHttpDate_IsHonoured()
    {
        // The emulator sends a date two whole seconds ahead, so the wait is one to two seconds.
        await emulator.FaultAsync(1.0, ["429-date"]);
        using var client = TestClients.Create(emulator.Emulator, o =>
        {
            o.MaxRetries = 1;
            o.MaxRetryDelay = TimeSpan.FromSeconds(10);
        });
        var events = new List<PantoRequestEvent>();

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None, events.Add));

        Assert.Equal(2, failure.Attempts);
        Assert.InRange(events[0].RetryDelay!.Value, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));
    }
}

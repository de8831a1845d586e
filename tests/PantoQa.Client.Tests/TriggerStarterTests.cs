using System.Diagnostics;
using System.Net;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Client.Tests.Infrastructure;
using static PantoQa.Client.Tests.Infrastructure.Triggers;

namespace PantoQa.Client.Tests;

/// <summary>
/// Starting flows and suites end to end against the emulator: what comes back, how the trigger
/// id is learned, and which failures are resent. Faults are scoped to POSTs, so the reads that
/// learn the trigger id are never faulted.
/// </summary>
public sealed class TriggerStarterTests(FaultEmulator emulator) : IClassFixture<FaultEmulator>
{
    private EmulatorProcess Server => emulator.Emulator;

    private async Task PostFaultsAsync(string kind, long? maxFaults = null, string? retryAfter = null, double rate = 1)
    {
        await emulator.Control.SetFaultsAsync(new Dictionary<string, object?>
        {
            ["rate"] = rate,
            ["kinds"] = new[] { kind },
            ["methods"] = new[] { "POST" },
            ["max_faults"] = maxFaults,
            ["retry_after"] = retryAfter,
        });
        await emulator.Control.ResetAsync();
    }

    private async Task NoFaultsAsync()
    {
        await emulator.Control.ClearFaultsAsync();
        await emulator.Control.ResetAsync();
    }

    [Fact]
    public async Task Flows_StartOneRunPerMatch_AndTheTriggerIdIsReadFromTheFirstRun()
    {
        await NoFaultsAsync();
        var before = (await TriggeredAsync(Server)).Count;
        using var client = TestClients.Create(Server);
        var events = new List<PantoRequestEvent>();

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments", env: "staging"), CancellationToken.None, e => { lock (events) { events.Add(e); } });

        var triggered = (await TriggeredAsync(Server)).Skip(before).Single();
        Assert.Equal(triggered.TriggerId, start.trigger_id);
        Assert.Equal(triggered.Runs, start.test_runs);
        Assert.Equal("Triggered 1 test flow(s) matched.", start.message);
        Assert.Null(start.GetTriggerIdFailure());
        Assert.Empty(start.GetAdditionalFields());
        // The id is good for reading the trigger at once.
        var result = await client.GetTriggerRunsAsync(start.trigger_id!, CancellationToken.None);
        Assert.Equal(start.test_runs, result.test_runs.Select(r => r.id));
        Assert.Equal("env_01", result.test_runs[0].env_id);

        var sent = await Server.Control.ApiRequestsAsync(3);
        Assert.Equal(TriggerStarter.TestFlowPath, sent[0].RawTarget);
        Assert.Equal(200, sent[0].Status);
        Assert.Equal("/api/v1/qa/external/test-run/" + start.test_runs[0], sent[1].RawTarget);
        Assert.Equal(
            [$"POST {TriggerStarter.TestFlowPath} -> 200 OK", $"GET /api/v1/qa/external/test-run/{start.test_runs[0]} -> 200 OK"],
            events.Select(e => e.ToString()[..e.ToString().IndexOf(" in ", StringComparison.Ordinal)]));
        Assert.All(events, e => Assert.DoesNotContain(Keys.Secret, e.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(Keys.Secret, start.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suites_GoToTheSuiteEndpoint()
    {
        await NoFaultsAsync();
        using var client = TestClients.Create(Server);
        var request = new TriggerRequest("app_ios_01", TriggerTags.Exclude([new("type", ["release"])]), [new TriggerDevice(null, "iPhone 15", "17.4")], contextName: "guest");

        var start = await Starter(client).StartAsync(TriggerKind.TestSuite, request, CancellationToken.None);

        Assert.Equal("Triggered 1 test suite(s) matched.", start.message);
        var run = await client.GetTestRunAsync(Assert.Single(start.test_runs), CancellationToken.None);
        Assert.Equal("suite_smoke", run.test_suite_id);
        Assert.Equal(start.trigger_id, run.trigger_id);
        Assert.Equal("context_02", run.context_id);
        Assert.Null(run.target_device_list![0].platform);
        Assert.Equal("iphone 15", run.target_device_list[0].device_name);
        Assert.Equal(TriggerStarter.TestSuitePath, (await Server.Control.ApiRequestsAsync())[0].RawTarget);
    }

    [Theory]
    [InlineData("nope", null, null, "team", PantoErrorKind.BuildNotFound, "Build file not found", "'nope'")]
    [InlineData("app_01", "qa-lab", null, "team", PantoErrorKind.EnvironmentNotFound, "Environment not found", "'qa-lab'")]
    [InlineData("app_01", "staging", "admin", "team", PantoErrorKind.ContextNotFound, "Context not found", "'admin'")]
    [InlineData("app_01", null, null, "squad", PantoErrorKind.NoMatchingTests, "No test flows found matching the provided tags", "include {squad: [payments]}")]
    public async Task Lookup404s_GetTheirOwnKinds_QuoteDetailAndValue_AndAreNotResent(
        string appId, string? env, string? context, string tag, PantoErrorKind kind, string detail, string quoted)
    {
        await NoFaultsAsync();
        using var client = TestClients.Create(Server);
        var request = new TriggerRequest(appId, TriggerTags.Include([new(tag, ["payments"])]), [Pixel], env, context);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, request, CancellationToken.None));

        Assert.Equal(kind, failure.Kind);
        Assert.Equal(HttpStatusCode.NotFound, failure.StatusCode);
        Assert.Equal(detail, failure.ServiceMessage);
        Assert.Contains(detail, failure.Message);
        Assert.Contains(quoted, failure.Message);
        Assert.Contains("No runs were started", failure.Message);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal(1, await PostsAsync(Server, 1));
    }

    [Fact]
    public async Task NoMatchingSuites_IsNoMatchingTests()
    {
        await NoFaultsAsync();
        using var client = TestClients.Create(Server);
        var request = new TriggerRequest("app_01", TriggerTags.FlowNames(["Login"]), [Pixel]);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestSuite, request, CancellationToken.None));

        Assert.Equal(PantoErrorKind.NoMatchingTests, failure.Kind);
        Assert.Contains("No test suites match include_tags {_$NAME: [Login]}", failure.Message);
    }

    [Fact]
    public async Task WrongKey_IsUnauthorized_WithOnePost()
    {
        await NoFaultsAsync();
        using var client = TestClients.Create(Server, key: Keys.Unknown);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None), Keys.Unknown);

        Assert.Equal(PantoErrorKind.Unauthorized, failure.Kind);
        Assert.Equal("Invalid or expired API key", failure.ServiceMessage);
        Assert.Equal(1, await PostsAsync(Server, 1));
    }

    [Theory]
    [InlineData("503")]
    [InlineData("429")]
    public async Task RefusedRequests_AreResent_AndStartRunsOnce(string kind)
    {
        await PostFaultsAsync(kind, maxFaults: 2);
        var before = (await TriggeredAsync(Server)).Count;
        using var client = TestClients.Create(Server);

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("identity"), CancellationToken.None);

        Assert.NotNull(start.trigger_id);
        Assert.Equal(3, await PostsAsync(Server, 4));
        Assert.Single((await TriggeredAsync(Server)).Skip(before));
    }

    [Fact]
    public async Task RetryAfter_IsHonouredWithinTheCap()
    {
        await PostFaultsAsync("429", maxFaults: 1, retryAfter: "3");
        var clock = new JumpingClock();
        using var client = TestClients.OnClock(Server, clock, o => o.MaxRetryDelay = TimeSpan.FromSeconds(5));

        await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("identity"), CancellationToken.None);

        // The service's three seconds, not the 10 ms backoff, before the one resend.
        Assert.Equal([TimeSpan.FromSeconds(3)], clock.Waits);
        Assert.Equal(2, await PostsAsync(Server, 3));
    }

    [Fact]
    public async Task PersistentRefusal_EndsAsServiceUnavailable_AfterTheRetryBudget_WithNoRunsStarted()
    {
        await PostFaultsAsync("503");
        var before = (await TriggeredAsync(Server)).Count;
        using var client = TestClients.Create(Server, o => o.MaxRetries = 2);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("identity"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.ServiceUnavailable, failure.Kind);
        Assert.Equal(3, failure.Attempts);
        Assert.StartsWith("POST ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, await PostsAsync(Server, 3));
        Assert.Equal(before, (await TriggeredAsync(Server)).Count);
    }

    [Theory]
    [InlineData("500", HttpStatusCode.InternalServerError)]
    [InlineData("502", HttpStatusCode.BadGateway)]
    [InlineData("504", HttpStatusCode.GatewayTimeout)]
    [InlineData("drop", null)]
    public async Task AmbiguousFailures_AreNeverResent_AndEndAsTriggerOutcomeUnknown(string kind, HttpStatusCode? status)
    {
        await PostFaultsAsync(kind);
        using var client = TestClients.Create(Server, o => o.MaxRetries = 5);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("identity"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.TriggerOutcomeUnknown, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(1, failure.Attempts);
        Assert.Contains("so it is not known whether runs of build 'app_01' started", failure.Message);
        Assert.Contains("Check in the Panto QA app", failure.Message);
        Assert.Equal(1, await PostsAsync(Server, 1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TriggerThenDrop_IsSentExactlyOnce_EvenOnAReusedConnection(bool reuseConnection)
    {
        await PostFaultsAsync("act-then-drop");
        var before = (await TriggeredAsync(Server)).Count;
        using var client = TestClients.Create(Server, o => o.MaxRetries = 5);
        if (reuseConnection)
        {
            // A pooled connection that already served a request: HttpClient itself may resend
            // a request that fails on such a connection, which for a trigger would start it twice.
            await client.GetTestRunAsync("testrun_01", CancellationToken.None);
        }

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.TriggerOutcomeUnknown, failure.Kind);
        Assert.Contains("lost the connection after the request was sent", failure.Message);
        Assert.Equal(1, await PostsAsync(Server, reuseConnection ? 2 : 1));
        // The service did act: exactly one trigger started, which is why it must not be sent again.
        Assert.Single((await TriggeredAsync(Server)).Skip(before));
    }

    [Fact]
    public async Task Timeout_IsNeverResent_AndEndsAsTriggerOutcomeUnknown()
    {
        await PostFaultsAsync("hang");
        using var client = TestClients.Create(Server, o =>
        {
            o.MaxRetries = 5;
            o.Timeout = TimeSpan.FromSeconds(1);
        });

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.TriggerOutcomeUnknown, failure.Kind);
        Assert.Contains("got no answer within 1 s", failure.Message);
        Assert.Equal(1, await PostsAsync(Server, 1));
    }

    [Fact]
    public async Task UnreadableSuccess_SaysTheRunsStarted_AndIsNotResent()
    {
        await PostFaultsAsync("truncate");
        var before = (await TriggeredAsync(Server)).Count;
        using var client = TestClients.Create(Server);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.TriggerOutcomeUnknown, failure.Kind);
        Assert.Contains("runs of build 'app_01' may have started", failure.Message);
        Assert.Contains("It was not sent again", failure.Message);
        Assert.Equal(1, await PostsAsync(Server, 1));
        Assert.Single((await TriggeredAsync(Server)).Skip(before));
    }

    [Fact]
    public async Task RefusedConnection_IsResent_ThenReportedAsConnectionFailed()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var client = TestClients.Create(new Uri($"http://127.0.0.1:{port}"), o => o.MaxRetries = 3);
        var events = new List<PantoRequestEvent>();

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None, events.Add));

        Assert.Equal(PantoErrorKind.Connection, failure.Kind);
        Assert.Equal(4, failure.Attempts);
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Equal("POST", e.Method));
        Assert.All(events, e => Assert.Equal("connection failed", e.Failure));
    }

    [Fact]
    public async Task CancelDuringARetryAfterWait_EndsPromptly()
    {
        await PostFaultsAsync("429", retryAfter: "30");
        using var client = TestClients.Create(Server, o => o.MaxRetryDelay = TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), cancel.Token, e => waiting.TrySetResult());
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, Promptly);
        Assert.Equal(1, await PostsAsync(Server, 1));
    }
}

using System.Net;
using System.Text.Json;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Json;
using PantoQa.Client.Models;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>Both endpoints over real loopback HTTP against the emulator's default scenario.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class LookupTests(SharedEmulator shared)
{
    private EmulatorProcess Emulator => shared.Emulator;

    [Fact]
    public async Task GetTestRun_OfTheDocumentExample_MatchesItFieldForField()
    {
        using var client = TestClients.Create(Emulator);

        var run = await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        DocumentExample.AssertIsTheExample(run);
        JsonAssert.Equal(DocumentExample.Run, JsonSerializer.Serialize(run, PantoJsonContext.Default.TestRun));
    }

    [Fact]
    public async Task GetTriggerRuns_OfTheDocumentExample_MatchesIt()
    {
        using var client = TestClients.Create(Emulator);

        var result = await client.GetTriggerRunsAsync("trigger_01", CancellationToken.None);

        Assert.Equal("trigger_01", result.trigger_id);
        Assert.Equal("in_process", result.status);
        DocumentExample.AssertIsTheExample(Assert.Single(result.test_runs));
        Assert.Empty(result.GetAdditionalFields());
    }

    [Theory]
    [InlineData("trigger_01", "in_process", 1, 0, 0, 1)]
    [InlineData("trigger_passed", "passed", 2, 2, 0, 0)]
    [InlineData("trigger_partial", "partially_passed", 2, 1, 1, 0)]
    [InlineData("trigger_failed", "failed", 2, 0, 2, 0)]
    [InlineData("trigger_running", "in_process", 2, 1, 0, 1)]
    [InlineData("t1", "partially_passed", 4, 2, 2, 0)]
    [InlineData("t2", "failed", 2, 0, 2, 0)]
    [InlineData("big", "partially_passed", SharedEmulator.BigTriggerRuns, SharedEmulator.BigTriggerRuns * 9 / 10, SharedEmulator.BigTriggerRuns / 10, 0)]
    public async Task GetTriggerRuns_ReportsStatusAndCounts(string triggerId, string status, int total, int passed, int failed, int inProcess)
    {
        using var client = TestClients.Create(Emulator);

        var result = await client.GetTriggerRunsAsync(triggerId, CancellationToken.None);

        Assert.Equal(triggerId, result.trigger_id);
        Assert.Equal(status, result.status);
        Assert.Equal((total, passed, failed, inProcess), (result.total, result.passed, result.failed, result.in_process));
        Assert.Equal(status != "in_process", result.IsFinal());
        Assert.All(result.test_runs, run => Assert.Equal(triggerId, run.trigger_id));
        Assert.All(result.test_runs, run => Assert.NotNull(run.target_device_list));
        Assert.All(result.test_runs, run => Assert.Equal(DateTimeKind.Utc, run.created_at!.Value.Kind));
    }

    [Fact]
    public async Task GetTestRun_OfAFinishedRun_HasItsRemarkAndEnd()
    {
        using var client = TestClients.Create(Emulator);

        var run = await client.GetTestRunAsync("r6", CancellationToken.None);

        Assert.Equal("timed_out", run.runner_status);
        Assert.Equal(RunOutcome.Failed, RunStatus.Classify(run.runner_status));
        Assert.Equal("Run exceeded its 15 minute limit", run.remark);
        Assert.Equal(new DateTime(2026, 5, 21, 11, 15, 25, DateTimeKind.Utc), run.runner_end_timestamp);
    }

    [Fact]
    public async Task UnknownRun_IsNotFound_WithTheServiceWords_AndNotRetried()
    {
        using var client = TestClients.Create(Emulator);
        var id = $"missing_{Guid.NewGuid():N}";

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync(id, CancellationToken.None));

        Assert.Equal(PantoErrorKind.NotFound, failure.Kind);
        Assert.Equal(HttpStatusCode.NotFound, failure.StatusCode);
        Assert.Equal("Test run not found", failure.ServiceMessage);
        Assert.Equal(1, failure.Attempts);
        Assert.False(failure.IsTransient);
        Assert.Equal(ApiPaths.TestRun(id), failure.RequestPath);
        Assert.Contains("Test run not found", failure.Message);
        Assert.Single(await Emulator.Control.ApiRequestsAsync(r => r.RawTarget.Contains(id)), r => r.RawTarget.Contains(id));
    }

    [Fact]
    public async Task UnknownTrigger_IsNotFound_WithTheServiceWords_AndNotRetried()
    {
        using var client = TestClients.Create(Emulator);
        var id = $"missing_{Guid.NewGuid():N}";

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync(id, CancellationToken.None));

        Assert.Equal(PantoErrorKind.NotFound, failure.Kind);
        Assert.Equal("No test runs found for trigger id", failure.ServiceMessage);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal(ApiPaths.TriggerRuns(id), failure.RequestPath);
        Assert.Single(await Emulator.Control.ApiRequestsAsync(r => r.RawTarget.Contains(id)), r => r.RawTarget.Contains(id));
    }

    public static TheoryData<string> HostileIds => new()
    {
        "../test-runs-by-trigger/trigger_01",
        "..%2Ftest-runs-by-trigger%2Ftrigger_01",
        "../../../../_emulator/reset",
        "testrun_01/",
        "testrun_01?x=1",
        "testrun_01#top",
        "%2F",
        "%2e%2e",
        "...",
        "testrun_01\\..\\..",
        " testrun_01",
        "testrun_\U0001F600",
        "\u200Ftestrun_01",
        "testrun_01\u202E",
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task HostileIds_ReachTheTestRunEndpoint_AsOneWholeId(string id)
    {
        using var client = TestClients.Create(Emulator);
        var before = (await Emulator.Control.ApiRequestsAsync()).Count;

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync(id, CancellationToken.None));

        // "Test run not found" means the id stayed inside test-run/{id}: no other endpoint
        // answers with it, and the raw target shows what went over the wire. The log has a
        // request only once it is over, so the test waits for it rather than reading the log's end.
        Assert.Equal("Test run not found", failure.ServiceMessage);
        var expected = ApiPaths.TestRun(id);
        var logged = await Emulator.Control.ApiRequestsAsync(r => r.RawTarget == expected);
        var sent = Assert.Single(logged.Skip(before), r => r.RawTarget == expected);
        Assert.Equal(404, sent.Status);
    }

    [Fact]
    public async Task RunsWithAwkwardIds_RoundTripThroughTheEscaping()
    {
        var suffix = Guid.NewGuid().ToString("N");
        string[] ids =
        [
            $"a/b?c=d#e%2F {suffix}",
            $"..\\{suffix}",
            $"测试 \U0001F600 \u200F{suffix}",
            $"+&;=@:,{suffix}",
        ];
        var triggerId = $"trigger/../{suffix}?#";
        await Emulator.Control.AddRunsAsync(new
        {
            runs = ids.Select(id => new { id, trigger_id = triggerId, test_flow_id = "flow_login", status = "passed" }),
        });
        using var client = TestClients.Create(Emulator);

        foreach (var id in ids)
        {
            var run = await client.GetTestRunAsync(id, CancellationToken.None);
            Assert.Equal(id, run.id);
            Assert.Equal(triggerId, run.trigger_id);
        }

        var trigger = await client.GetTriggerRunsAsync(triggerId, CancellationToken.None);
        Assert.Equal(ids, trigger.test_runs.Select(r => r.id));
        Assert.Equal("passed", trigger.status);
    }

    [Fact]
    public async Task InvalidIds_AreRefusedBeforeAnyRequest()
    {
        using var client = TestClients.Create(Emulator);
        var before = (await Emulator.Control.ApiRequestsAsync()).Count;

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTestRunAsync("..", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTestRunAsync("run\r\nX-Injected: 1", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTriggerRunsAsync("", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTriggerRunsAsync(new string('x', 100 * 1024), CancellationToken.None));

        Assert.Equal(before, (await Emulator.Control.ApiRequestsAsync()).Count);
    }

    [Fact]
    public async Task OneClient_ServesManyConcurrentCalls()
    {
        using var client = TestClients.Create(Emulator);
        string[] ids = ["testrun_01", "r1", "r2", "r3", "r4", "r5", "r6", "run_passed_1"];

        var runs = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => client.GetTestRunAsync(ids[i % ids.Length], CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => ids[i % ids.Length]), runs.Select(r => r.id));
    }

    [Fact]
    public async Task Observer_HearsOneEventPerRequest_WithoutTheKey()
    {
        using var client = TestClients.Create(Emulator);
        var events = new List<PantoRequestEvent>();

        await client.GetTestRunAsync("testrun_01", CancellationToken.None, events.Add);

        var only = Assert.Single(events);
        Assert.Equal(("GET", ApiPaths.TestRun("testrun_01"), 1, (HttpStatusCode?)HttpStatusCode.OK), (only.Method, only.Path, only.Attempt, only.StatusCode));
        Assert.Null(only.RetryDelay);
        Assert.Null(only.Failure);
        Assert.DoesNotContain(Keys.Secret, only.ToString());
        Assert.StartsWith("GET /api/v1/qa/external/test-run/testrun_01 -> 200 OK in ", only.ToString());
    }

    [Fact]
    public async Task KeySource_IsAskedOnEveryRequest()
    {
        // The caller keeps the key encrypted; the client must not cache the plain text.
        int asked = 0;
        using var client = new PantoClient(new PantoClientOptions { BaseUri = Emulator.BaseAddress }, () =>
        {
            asked++;
            return Keys.Secret;
        });

        await client.GetTestRunAsync("testrun_01", CancellationToken.None);
        await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        Assert.Equal(2, asked);
    }
}

using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// Trigger behaviour that needs an emulator of its own: schedules under a moved clock, the
/// command-line options that bend the documented shape, and faults scoped to POSTs.
/// </summary>
public sealed class TriggerOptionsTests
{
    private static readonly object[] OneDevice = [new { platform = "android", device_name = "Pixel 6", platform_version = "14" }];

    private static object Flows(string team) => new { app_id = "app_01", tags = new { include = new { team = new[] { team } } }, devices = OneDevice };

    private static async Task<JsonElement> RunAsync(EmulatorProcess emulator, string id)
    {
        var response = await emulator.GetRunAsync(id);
        Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        return response.Json.GetProperty("test_run");
    }

    private static async Task<List<JsonElement>> TriggeredAsync(EmulatorProcess emulator) =>
        [.. (await emulator.SendAsync(HttpMethod.Get, "/_emulator/triggered")).Json.EnumerateArray()];

    [Fact]
    public async Task TriggeredRuns_FollowTheirFlowsSchedule_FromTheMomentOfTheRequest()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");
        // Minutes-long steps, so that a slow machine's own seconds never move a run on by themselves.
        await emulator.Control.AddRunsAsync(new
        {
            flows = new[]
            {
                new
                {
                    id = "flow_slow", name = "Slow flow", tags = new { team = new[] { "slow" } },
                    schedule = new object[]
                    {
                        new { status = "queued", seconds = 60 },
                        new { status = "in_process", seconds = 120 },
                        new { status = "failed", remark = "Broke late" },
                    },
                },
            },
        });
        var id = (await emulator.TriggerFlowsAsync(Flows("slow"))).Json.GetProperty("test_runs")[0].GetString()!;

        var queued = await RunAsync(emulator, id);
        Assert.Equal("queued", queued.GetProperty("runner_status").GetString());
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("runner_start_timestamp").ValueKind);

        await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(90));
        var running = await RunAsync(emulator, id);
        Assert.Equal("in_process", running.GetProperty("runner_status").GetString());
        Assert.Equal(JsonValueKind.String, running.GetProperty("runner_start_timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Null, running.GetProperty("runner_end_timestamp").ValueKind);
        Assert.Equal("in_process", (await emulator.GetTriggerAsync(running.GetProperty("trigger_id").GetString()!)).Json.GetProperty("status").GetString());

        await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(120));
        var failed = await RunAsync(emulator, id);
        Assert.Equal("failed", failed.GetProperty("runner_status").GetString());
        Assert.Equal("Broke late", failed.GetProperty("remark").GetString());
        Assert.Equal(JsonValueKind.String, failed.GetProperty("runner_end_timestamp").ValueKind);
        Assert.Equal("failed", (await emulator.GetTriggerAsync(failed.GetProperty("trigger_id").GetString()!)).Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TriggeredRuns_WithoutASchedule_AreQueuedThenRunThenPass()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");
        // flow_search has no schedule of its own: queued 1 s, in process 2 s, then passed.
        var id = (await emulator.TriggerFlowsAsync(Flows("discovery"))).Json.GetProperty("test_runs")[0].GetString()!;

        await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(1.5));
        Assert.Equal("in_process", (await RunAsync(emulator, id)).GetProperty("runner_status").GetString());
        await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        Assert.Equal("passed", (await RunAsync(emulator, id)).GetProperty("runner_status").GetString());
    }

    [Fact]
    public async Task TriggerIdInResponse_AddsTheSharedTriggerId()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0", "--trigger-id-in-response");

        var response = await emulator.TriggerSuitesAsync(new { app_id = "app_01", tags = new { include = new { team = new[] { "payments" } } }, devices = OneDevice });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["message", "test_runs", "trigger_id"], response.Json.EnumerateObject().Select(p => p.Name));
        var run = await RunAsync(emulator, response.Json.GetProperty("test_runs")[0].GetString()!);
        Assert.Equal(response.Json.GetProperty("trigger_id").GetString(), run.GetProperty("trigger_id").GetString());
    }

    [Fact]
    public async Task NewRunVisibilityDelay_HidesNewRunsAndTheirTrigger_ForThatLong()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0", "--new-run-visibility-delay-ms", "60000");

        var id = (await emulator.TriggerFlowsAsync(Flows("identity"))).Json.GetProperty("test_runs")[0].GetString()!;
        var triggerId = Assert.Single(await TriggeredAsync(emulator)).GetProperty("trigger_id").GetString()!;

        var hidden = await emulator.GetRunAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal("""{"detail":"Test run not found"}""", hidden.Body);
        Assert.Equal("""{"detail":"No test runs found for trigger id"}""", (await emulator.GetTriggerAsync(triggerId)).Body);
        // Runs the scenario loaded are not delayed.
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetRunAsync("r1")).Status);

        // The emulator's clock also runs in real time: the margin keeps a busy machine's seconds
        // from reaching the end early.
        await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.GetRunAsync(id)).Status);
        await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(10.5));
        Assert.Equal(triggerId, (await RunAsync(emulator, id)).GetProperty("trigger_id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetTriggerAsync(triggerId)).Status);
    }

    [Fact]
    public async Task FaultsScopedToPost_LeaveGetsAlone_AndStopAfterMaxFaults()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");
        await emulator.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "503" }, methods = new[] { "post" }, max_faults = 2 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.GetRunAsync("r1")).Status);
            statuses.Add((await emulator.TriggerFlowsAsync(Flows("discovery"))).Status);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Single(await TriggeredAsync(emulator));
        var config = (await emulator.SendAsync(HttpMethod.Get, "/_emulator/faults")).Json;
        JsonAssert.Equal("""["POST"]""", config.GetProperty("methods"));
        Assert.Equal(2, config.GetProperty("max_faults").GetInt64());
    }

    [Fact]
    public async Task ActThenDrop_StartsTheRuns_ButTheClientGetsNoAnswer()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");
        await emulator.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "act-then-drop" }, methods = new[] { "POST" } });
        await emulator.Control.ResetAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.TriggerFlowsAsync(Flows("payments")));

        var triggered = Assert.Single(await TriggeredAsync(emulator));
        var runId = triggered.GetProperty("test_runs")[0].GetString()!;
        Assert.Equal(triggered.GetProperty("trigger_id").GetString(), (await RunAsync(emulator, runId)).GetProperty("trigger_id").GetString());
        var post = (await emulator.Control.ApiRequestsAsync(2))[0];
        Assert.Equal(Api.FlowTriggerPath, post.RawTarget);
        Assert.Null(post.Status);
        Assert.Equal("act-then-drop", post.Fault);
    }

    [Fact]
    public async Task ActThenDrop_OnAGet_IsADrop_AndTheTriggeredLogOutlivesAReset()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");
        Assert.Equal(HttpStatusCode.OK, (await emulator.TriggerFlowsAsync(Flows("identity"))).Status);
        await emulator.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "act-then-drop" } });
        await emulator.Control.ResetAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.GetRunAsync("r1"));

        Assert.Null((await emulator.Control.ApiRequestsAsync(1))[0].Status);
        Assert.Single(await TriggeredAsync(emulator));
    }

    [Theory]
    [InlineData("""{"rate":1,"max_faults":-1}""")]
    [InlineData("""{"rate":1,"methods":"POST"}""")]
    public async Task BadFaultScope_IsRefused_AndTheOldOneStays(string config)
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        var response = await emulator.SendAsync(HttpMethod.Post, "/_emulator/faults", config);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var inForce = (await emulator.SendAsync(HttpMethod.Get, "/_emulator/faults")).Json;
        Assert.Equal(0, inForce.GetProperty("rate").GetDouble());
        Assert.Equal(JsonValueKind.Null, inForce.GetProperty("max_faults").ValueKind);
    }

    [Fact]
    public async Task BodyOverOneMebibyte_Is413()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        var response = await emulator.TriggerFlowsAsync("\"" + new string('x', 1024 * 1024) + "\"");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("""{"detail":"Request Entity Too Large"}""", response.Body);
        Assert.Empty(await TriggeredAsync(emulator));
    }

    [Fact]
    public async Task FaultScope_CanBeGivenOnTheCommandLine()
    {
        await using var emulator = await EmulatorProcess.StartAsync(
            "--big-trigger-runs", "0", "--fault-rate", "1", "--fault-kinds", "429", "--fault-methods", "POST", "--fault-max", "1");

        Assert.Equal(HttpStatusCode.OK, (await emulator.GetTriggerAsync("t1")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await emulator.TriggerFlowsAsync(Flows("discovery"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await emulator.TriggerFlowsAsync(Flows("discovery"))).Status);
    }

    [Fact]
    public async Task TriggerSettings_StartFromTheCommandLine_WhichAlsoFillsWhatAPostLeavesOut()
    {
        await using var emulator = await EmulatorProcess.StartAsync(
            "--big-trigger-runs", "0", "--trigger-id-in-response", "--new-run-visibility-delay-ms", "1500",
            "--run-trigger-id", "  ", "--aggregate-status", """{"passed":"Passed"}""");
        const string FromCommandLine = """{"id_in_response":true,"visibility_delay_ms":1500,"run_trigger_id":"  ","aggregate_status":{"passed":"Passed"}}""";

        JsonAssert.Equal(FromCommandLine, await emulator.Control.TriggerSettingsAsync());
        var response = await emulator.TriggerFlowsAsync(Flows("discovery"));
        Assert.Equal("  ", response.Json.GetProperty("trigger_id").GetString());
        await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(10));
        var triggerId = Assert.Single(await emulator.Control.TriggeredAsync()).TriggerId;
        Assert.Equal("Passed", (await emulator.GetTriggerAsync(triggerId)).Json.GetProperty("status").GetString());

        JsonAssert.Equal(
            """{"id_in_response":true,"visibility_delay_ms":0,"run_trigger_id":null,"aggregate_status":"weird"}""",
            await emulator.Control.SetTriggerSettingsAsync(new { visibility_delay_ms = 0, run_trigger_id = (string?)null, aggregate_status = "weird" }));
        JsonAssert.Equal(FromCommandLine, await emulator.Control.SetTriggerSettingsAsync(new { }));
    }

    [Theory]
    [InlineData("--new-run-visibility-delay-ms", "-1")]
    [InlineData("--new-run-visibility-delay-ms", "soon")]
    [InlineData("--fault-max", "-1")]
    [InlineData("--aggregate-status", """{"pass":"Passed"}""")]
    [InlineData("--aggregate-status", "{oops")]
    [InlineData("--run-trigger-id")]
    public async Task BadTriggerOptions_ExitWithCodeTwo(params string[] args)
    {
        var (exitCode, _, stderr) = await EmulatorProcess.RunToExitAsync(args);

        Assert.Equal(2, exitCode);
        Assert.NotEqual("", stderr.Trim());
    }

    [Fact]
    public async Task Help_ListsTheTriggerOptions()
    {
        var (_, stdout, _) = await EmulatorProcess.RunToExitAsync("--help");

        foreach (var option in new[] { "--trigger-id-in-response", "--new-run-visibility-delay-ms", "--run-trigger-id", "--aggregate-status", "--fault-methods", "--fault-max" })
        {
            Assert.Contains(option, stdout);
        }
    }
}

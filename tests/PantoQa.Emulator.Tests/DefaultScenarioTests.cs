using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>The ids the README, the demo and users' scripts rely on.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class DefaultScenarioTests(SharedEmulator shared)
{
    [Theory]
    [InlineData("trigger_01", "in_process", "testrun_01")]
    [InlineData("trigger_passed", "passed", "run_passed_1,run_passed_2")]
    [InlineData("trigger_partial", "partially_passed", "run_partial_1,run_partial_2")]
    [InlineData("trigger_failed", "failed", "run_failed_1,run_failed_2")]
    [InlineData("trigger_running", "in_process", "run_running_1,run_running_2")]
    [InlineData("trigger_demo", null, "demo_run_1,demo_run_2")]
    [InlineData("t1", "partially_passed", "r1,r2,r3,r4")]
    [InlineData("t2", "failed", "r5,r6")]
    public async Task Trigger_HasItsRunsAndStatus(string trigger, string? status, string runIds)
    {
        var response = await shared.Emulator.GetTriggerAsync(trigger);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var runs = response.Json.GetProperty("test_runs").EnumerateArray().ToList();
        Assert.Equal(runIds.Split(','), runs.Select(r => r.GetProperty("id").GetString()));
        Assert.All(runs, r => Assert.Equal(trigger, r.GetProperty("trigger_id").GetString()));
        if (status is not null)
        {
            // The demo trigger's status depends on how long ago the emulator started; ClockTests covers it.
            Assert.Equal(status, response.Json.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task FailedTrigger_HasAnOutcomeOtherThanFailed()
    {
        var runs = await RunsAsync("trigger_failed");

        Assert.Equal(["failed", "error"], runs.Select(r => r.GetProperty("runner_status").GetString()));
        Assert.All(runs, r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("remark").ValueKind));
    }

    [Fact]
    public async Task T1_FailsOnDifferentDevices_AndIsFinalFromTheStart()
    {
        var runs = await RunsAsync("t1");

        var failedDevices = runs
            .Where(r => r.GetProperty("runner_status").GetString() == "failed")
            .Select(r => r.GetProperty("target_device_list")[0].GetProperty("device_name").GetString())
            .ToList();
        Assert.Equal(["galaxy s24", "iphone 15"], failedDevices);
        Assert.All(runs, r => Assert.Equal(JsonValueKind.String, r.GetProperty("runner_end_timestamp").ValueKind));
        Assert.Equal("2026-05-21T09:04:02Z", runs[1].GetProperty("runner_end_timestamp").GetString());
    }

    [Fact]
    public async Task RunningTrigger_NeverEnds()
    {
        var running = (await RunsAsync("trigger_running"))[0];

        Assert.Equal(JsonValueKind.Null, running.GetProperty("runner_end_timestamp").ValueKind);
        Assert.Contains(running.GetProperty("runner_status").GetString(), new[] { "queued", "in_process" });
    }

    [Fact]
    public async Task BigTrigger_HasTenThousandRuns_EveryTenthFailed()
    {
        var response = await shared.Emulator.GetTriggerAsync("big");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("partially_passed", response.Json.GetProperty("status").GetString());
        var runs = response.Json.GetProperty("test_runs").EnumerateArray().ToList();
        Assert.Equal(10_000, runs.Count);
        for (var i = 1; i <= runs.Count; i++)
        {
            var run = runs[i - 1];
            Assert.Equal($"big_{i:D5}", run.GetProperty("id").GetString());
            Assert.Equal(i % 10 == 0 ? "failed" : "passed", run.GetProperty("runner_status").GetString());
            Assert.Equal(JsonValueKind.String, run.GetProperty("runner_end_timestamp").ValueKind);
        }

        // Served from cache the second time: identical bytes.
        Assert.Equal(response.Body, (await shared.Emulator.GetTriggerAsync("big")).Body);
    }

    [Theory]
    [InlineData("big_00001", "passed")]
    [InlineData("big_00010", "failed")]
    [InlineData("big_10000", "failed")]
    public async Task BigTriggerRuns_AreFetchableById(string id, string status)
    {
        var response = await shared.Emulator.GetRunAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var run = response.Json.GetProperty("test_run");
        Assert.Equal(status, run.GetProperty("runner_status").GetString());
        Assert.Equal("big", run.GetProperty("trigger_id").GetString());
    }

    [Fact]
    public async Task BigTrigger_HasNoRunBeyondItsCount()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await shared.Emulator.GetRunAsync("big_10001")).Status);
    }

    private async Task<List<JsonElement>> RunsAsync(string trigger)
    {
        var response = await shared.Emulator.GetTriggerAsync(trigger);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Json.GetProperty("test_runs").EnumerateArray()];
    }
}

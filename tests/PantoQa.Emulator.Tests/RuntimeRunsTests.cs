using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>POST /_emulator/runs adds suites, flows, runs and keys to a running emulator.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class RuntimeRunsTests(SharedEmulator shared)
{
    [Fact]
    public async Task Fragment_IsAdded_AndAnsweredWithTheIdsItAdded()
    {
        var suite = Api.UniqueId("suite");
        var flow = Api.UniqueId("flow");
        var trigger = Api.UniqueId("trigger");
        var runs = new[] { Api.UniqueId("run"), Api.UniqueId("run") };
        var key = Api.UniqueId("key");
        var fragment = JsonSerializer.Serialize(new
        {
            api_keys = new[] { new { key } },
            suites = new[] { new { id = suite, name = "Added suite" } },
            flows = new[] { new { id = flow, name = "Added flow" } },
            runs = new object[]
            {
                new { id = runs[0], trigger_id = trigger, test_suite_id = suite, test_framework = "espresso", status = "passed" },
                new { id = runs[1], trigger_id = trigger, test_flow_id = flow, status = "failed", remark = "Broke" },
            },
        });

        var response = await shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", fragment);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        JsonAssert.Equal(
            JsonSerializer.Serialize(new { suites = new[] { suite }, flows = new[] { flow }, triggers = new[] { trigger }, runs, api_keys = 1 }),
            response.Json);
        var triggerResponse = await shared.Emulator.GetTriggerAsync(trigger, key);
        Assert.Equal(HttpStatusCode.OK, triggerResponse.Status);
        Assert.Equal("partially_passed", triggerResponse.Json.GetProperty("status").GetString());
        Assert.Equal("espresso", triggerResponse.Json.GetProperty("test_runs")[0].GetProperty("test_framework").GetString());
        Assert.Equal("Broke", triggerResponse.Json.GetProperty("test_runs")[1].GetProperty("remark").GetString());
    }

    [Theory]
    [InlineData("run_passed_1", "new", "run id")]
    [InlineData("new", "trigger_passed", "trigger id")]
    public async Task DuplicateIds_AreAConflict_AndNothingIsAdded(string runId, string triggerId, string mentioned)
    {
        var fresh = Api.UniqueId("run");
        var newTrigger = Api.UniqueId("trigger");
        var fragment = JsonSerializer.Serialize(new
        {
            runs = new[]
            {
                new { id = fresh, trigger_id = Api.UniqueId("trigger"), status = "passed", test_flow_id = "flow_search" },
                new
                {
                    id = runId == "new" ? Api.UniqueId("run") : runId,
                    trigger_id = triggerId == "new" ? newTrigger : triggerId,
                    status = "passed",
                    test_flow_id = "flow_search",
                },
            },
        });

        var response = await shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", fragment);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Contains(mentioned, response.Json.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await shared.Emulator.GetRunAsync(fresh)).Status);
    }

    [Fact]
    public async Task DuplicateSuiteFlowOrKey_IsAConflict()
    {
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(new { suites = new[] { new { id = "suite_smoke", name = "Again" } } })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(new { flows = new[] { new { id = "flow_01", name = "Again" } } })).Status);
        var key = await PostAsync(new { api_keys = new[] { new { key = Api.Key } } });
        Assert.Equal(HttpStatusCode.Conflict, key.Status);
        Assert.DoesNotContain(Api.Key, key.Body);
    }

    [Theory]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","status":"passed"}]}""", "test_suite_id or a test_flow_id")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"nope","status":"passed"}]}""", "nope")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_suite_id":"nope","status":"passed"}]}""", "nope")]
    [InlineData("""{"runs":[{"id":"x","test_flow_id":"flow_01","status":"passed"}]}""", "trigger_id")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01"}]}""", "status or a schedule")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","status":"passed","schedule":[{"status":"passed"}]}]}""", "schedule")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","schedule":[{"status":"passed","seconds":1},{"status":"failed"}]}]}""", "terminal")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","schedule":[{"status":"queued"},{"status":"failed"}]}]}""", "seconds")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","schedule":[{"status":"queued","seconds":1},{"status":"failed","seconds":1}]}]}""", "final state")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","schedule":[]}]}""", "empty")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","status":"passed"},{"id":"x","trigger_id":"t","test_flow_id":"flow_01","status":"passed"}]}""", "runs[1]")]
    [InlineData("""{"flows":[{"id":"a","name":"A","parent_id":"b"},{"id":"b","name":"B","parent_id":"a"}]}""", "ancestor")]
    [InlineData("""{"flows":[{"id":"a","name":"A","parent_id":"nowhere"}]}""", "nowhere")]
    [InlineData("""{"suites":[{"id":"s"}]}""", "name")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","status":"passed","colour":"red"}]}""", "colour")]
    [InlineData("""{"runs":[{"id":"x","trigger_id":"t","test_flow_id":"flow_01","status":"passed","created_at":"yesterday"}]}""", "created_at")]
    [InlineData("""[]""", "not valid")]
    [InlineData("""null""", "null")]
    public async Task InvalidFragment_IsRejectedWithTheReason(string fragment, string mentioned)
    {
        var response = await shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", fragment);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(mentioned, response.Json.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await shared.Emulator.GetRunAsync("x")).Status);
    }

    [Fact]
    public async Task FragmentSchedules_CountFromWhenTheyWereAdded()
    {
        // The emulator must be clearly older than the fragment for the two clocks to differ.
        var demo = (await shared.Emulator.GetRunAsync("demo_run_1")).Json.GetProperty("test_run");
        var emulatorStart = Time(demo, "runner_create_timestamp");
        var age = DateTimeOffset.UtcNow - emulatorStart;
        if (age < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(TimeSpan.FromSeconds(3) - age);
        }

        var posted = DateTimeOffset.UtcNow;
        var id = await shared.Emulator.AddRunAsync(new
        {
            schedule = new object[] { new { status = "queued", seconds = 60 }, new { status = "passed" } },
        });

        var run = (await shared.Emulator.GetRunAsync(id)).Json.GetProperty("test_run");

        Assert.Equal("queued", run.GetProperty("runner_status").GetString());
        Assert.InRange(Time(run, "runner_create_timestamp"), posted.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.True(Time(run, "runner_create_timestamp") > emulatorStart);
    }

    private static DateTimeOffset Time(JsonElement run, string field) =>
        DateTimeOffset.Parse(run.GetProperty(field).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private Task<ApiResponse> PostAsync(object fragment) =>
        shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", JsonSerializer.Serialize(fragment));
}

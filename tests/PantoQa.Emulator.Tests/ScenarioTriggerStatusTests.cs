using System.Net;
using System.Text.Json.Nodes;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>A scenario's or fragment's "triggers" entries: what a trigger serves as its status.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class ScenarioTriggerStatusTests(SharedEmulator shared)
{
    [Theory]
    [InlineData("\"Passed\"", "passed,passed", "Passed")]
    [InlineData("\"\"", "passed,failed", "")]
    [InlineData("""{"partially_passed":"PARTIALLY_PASSED"}""", "passed,failed", "PARTIALLY_PASSED")]
    [InlineData("""{"passed":"Passed"}""", "failed,error", "failed")]
    public async Task FragmentTrigger_ServesItsStatus_FromTheCacheToo(string status, string runStatuses, string served)
    {
        var trigger = Api.UniqueId("trigger");
        var runs = runStatuses.Split(',').Select(s => new JsonObject
        {
            ["id"] = Api.UniqueId("run"),
            ["trigger_id"] = trigger,
            ["test_flow_id"] = "flow_search",
            ["status"] = s,
        });
        await shared.Emulator.Control.AddRunsAsync(new JsonObject
        {
            ["runs"] = new JsonArray([.. runs]),
            ["triggers"] = new JsonArray(new JsonObject { ["id"] = trigger, ["status"] = JsonNode.Parse(status) }),
        });

        // The runs are final from the start: the second answer is the cached bytes of the first.
        var first = await shared.Emulator.GetTriggerAsync(trigger);
        var second = await shared.Emulator.GetTriggerAsync(trigger);

        Assert.Equal(served, first.Json.GetProperty("status").GetString());
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(runStatuses.Split(','), first.Json.GetProperty("test_runs").EnumerateArray().Select(r => r.GetProperty("runner_status").GetString()));
    }

    [Theory]
    [InlineData("""[{"id":"elsewhere","status":"passed"}]""", "triggers[0].id 'elsewhere' is the trigger_id of none of this document's runs.")]
    [InlineData("""[{"id":"TRIGGER"}]""", "triggers[0].status is required.")]
    [InlineData("""[{"id":"TRIGGER","status":null}]""", "triggers[0].status is required.")]
    [InlineData("""[{"id":"TRIGGER","status":1}]""", "triggers[0].status must be null, a string, or an object")]
    [InlineData("""[{"id":"TRIGGER","status":{"done":"Done"}}]""", "triggers[0].status maps 'done', which is no computed status")]
    [InlineData("""[{"id":"TRIGGER","status":{"passed":true}}]""", "triggers[0].status.passed must be a string.")]
    [InlineData("""[{"id":"TRIGGER","status":"a"},{"id":"TRIGGER","status":"b"}]""", "triggers[1] repeats the id of an earlier entry.")]
    [InlineData("""[{"id":"TRIGGER","state":"a"}]""", "'state' could not be mapped")]
    public async Task BadTriggerEntries_AreRefused_AndNothingIsAdded(string triggers, string expected)
    {
        var trigger = Api.UniqueId("trigger");
        var run = Api.UniqueId("run");
        var fragment = $$"""
            {"runs":[{"id":"{{run}}","trigger_id":"{{trigger}}","test_flow_id":"flow_search","status":"passed"}],
             "triggers":{{triggers.Replace("TRIGGER", trigger, StringComparison.Ordinal)}}}
            """;

        var response = await shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", fragment);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(expected, response.Json.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await shared.Emulator.GetRunAsync(run)).Status);
    }

    [Fact]
    public async Task ScenarioFileTrigger_MapsItsStatusWhileTheRunsProgress()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"pantoqa-scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, """
            {
              "api_keys": [ { "key": "emulator-key" } ],
              "flows": [ { "id": "flow_1", "name": "Flow" } ],
              "runs": [
                { "id": "run_1", "trigger_id": "trigger_1", "test_flow_id": "flow_1",
                  "schedule": [ { "status": "queued", "seconds": 60 }, { "status": "passed" } ] }
              ],
              "triggers": [ { "id": "trigger_1", "status": { "in_process": "running", "passed": "Passed" } } ]
            }
            """);
        try
        {
            await using var emulator = await EmulatorProcess.StartAsync("--scenario", scenario, "--big-trigger-runs", "0");

            Assert.Equal("running", await StatusAsync(emulator));
            await emulator.Control.AdvanceClockAsync(TimeSpan.FromSeconds(61));
            Assert.Equal("Passed", await StatusAsync(emulator));
            Assert.Equal("Passed", await StatusAsync(emulator));
            Assert.Equal("passed", (await emulator.GetRunAsync("run_1")).Json.GetProperty("test_run").GetProperty("runner_status").GetString());
        }
        finally
        {
            File.Delete(scenario);
        }

        static async Task<string?> StatusAsync(EmulatorProcess emulator) =>
            (await emulator.GetTriggerAsync("trigger_1")).Json.GetProperty("status").GetString();
    }
}

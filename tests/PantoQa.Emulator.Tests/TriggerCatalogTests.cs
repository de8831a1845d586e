using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>The catalog sections of the scenario format: tags, schedules, builds, environments and contexts.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class TriggerCatalogTests(SharedEmulator shared)
{
    [Fact]
    public async Task Fragment_AddsACatalog_ThatTriggerRequestsThenUse()
    {
        var tag = Api.UniqueId("tag");
        var flow = Api.UniqueId("flow");
        var build = Api.UniqueId("build");
        var environment = Api.UniqueId("env");
        var context = Api.UniqueId("context");
        var added = await shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", JsonSerializer.Serialize(new
        {
            flows = new object[]
            {
                new { id = flow, name = "Added flow", tags = new Dictionary<string, string[]> { [tag] = ["yes"] }, schedule = new object[] { new { status = "error", remark = "Crashed" } } },
                new { id = flow + "_untagged", name = "Not triggerable" },
            },
            builds = new[] { new { id = build, test_framework = "espresso" } },
            environments = new[] { new { id = environment, name = environment + " name" } },
            contexts = new[] { new { id = context, name = context + " name" } },
        }));
        Assert.Equal(HttpStatusCode.Created, added.Status);

        var response = await shared.Emulator.TriggerFlowsAsync(new
        {
            app_id = build,
            tags = new { include = new Dictionary<string, string[]> { [tag] = ["yes"] } },
            devices = new[] { new { device_name = "Pixel 9", platform_version = "15" } },
            env_name = environment + " name",
            context_name = context + " name",
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var run = (await shared.Emulator.GetRunAsync(response.Json.GetProperty("test_runs")[0].GetString()!)).Json.GetProperty("test_run");
        Assert.Equal(flow, run.GetProperty("test_flow_id").GetString());
        Assert.Equal("espresso", run.GetProperty("test_framework").GetString());
        Assert.Equal(environment, run.GetProperty("env_id").GetString());
        Assert.Equal(context, run.GetProperty("context_id").GetString());
        Assert.Equal("error", run.GetProperty("runner_status").GetString());
        Assert.Equal("Crashed", run.GetProperty("remark").GetString());
    }

    [Fact]
    public async Task Schedules_GiveTheNthRunOnABuildAndDevices_TheNthSchedule_AndTheLastOneAfter()
    {
        var flow = Api.UniqueId("flow");
        var name = Api.UniqueId("Flaky");
        var added = await shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", JsonSerializer.Serialize(new
        {
            flows = new[]
            {
                new
                {
                    id = flow, name, tags = new Dictionary<string, string[]>(),
                    schedules = new[]
                    {
                        new object[] { new { status = "failed", remark = "Timed out waiting for the cart" } },
                        new object[] { new { status = "queued", seconds = 1 }, new { status = "passed" } },
                    },
                },
            },
        }));
        Assert.Equal(HttpStatusCode.Created, added.Status);

        async Task<JsonElement> StartOn(string appId, string device)
        {
            var response = await shared.Emulator.TriggerFlowsAsync(new
            {
                app_id = appId,
                tags = new { include_tags = new Dictionary<string, string[]> { ["_$NAME"] = [name] } },
                devices = new[] { new { platform = "android", device_name = device, platform_version = "14" } },
            });
            Assert.Equal(HttpStatusCode.OK, response.Status);
            return (await shared.Emulator.GetRunAsync(response.Json.GetProperty("test_runs")[0].GetString()!)).Json.GetProperty("test_run");
        }

        var first = await StartOn("app_01", "Pixel 6");
        Assert.Equal("failed", first.GetProperty("runner_status").GetString());
        Assert.Equal("Timed out waiting for the cart", first.GetProperty("remark").GetString());
        // Another device, and another build, count on their own: their first runs fail too.
        Assert.Equal("failed", (await StartOn("app_01", "Pixel 7")).GetProperty("runner_status").GetString());
        Assert.Equal("failed", (await StartOn("app_02", "Pixel 6")).GetProperty("runner_status").GetString());
        // The device name compares as the service stores it, in lowercase.
        Assert.Equal("queued", (await StartOn("app_01", "PIXEL 6")).GetProperty("runner_status").GetString());
        Assert.Equal("queued", (await StartOn("app_01", "Pixel 6")).GetProperty("runner_status").GetString());
    }

    [Theory]
    [InlineData("""{"builds":[{"id":"app_01"}]}""", HttpStatusCode.Conflict)]
    [InlineData("""{"environments":[{"id":"env_new","name":"staging"}]}""", HttpStatusCode.Conflict)]
    [InlineData("""{"contexts":[{"id":"c_new","name":"guest"}]}""", HttpStatusCode.Conflict)]
    [InlineData("""{"environments":[{"id":"e1","name":"same"},{"id":"e2","name":"same"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"environments":[{"id":"e1"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"flows":[{"id":"child_with_tags","name":"Child","parent_id":"flow_01","tags":{"a":["b"]}}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"flows":[{"id":"bad_tags","name":"Bad","tags":{"a":[""]}}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"suites":[{"id":"bad_schedule","name":"Bad","tags":{},"schedule":[{"status":"passed","seconds":1},{"status":"failed"}]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"flows":[{"id":"both_schedules","name":"Both","tags":{},"schedule":[{"status":"passed"}],"schedules":[[{"status":"failed"}]]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"flows":[{"id":"no_schedules","name":"None","tags":{},"schedules":[]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"flows":[{"id":"bad_second","name":"Bad","tags":{},"schedules":[[{"status":"failed"}],[{"status":"passed","seconds":1}]]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"flows":[{"id":"child_schedules","name":"Child","parent_id":"flow_01","schedules":[[{"status":"failed"}]]}]}""", HttpStatusCode.BadRequest)]
    public async Task BadOrTakenCatalogEntries_AreRefused(string fragment, HttpStatusCode expected)
    {
        var response = await shared.Emulator.SendAsync(HttpMethod.Post, "/_emulator/runs", fragment);

        Assert.Equal(expected, response.Status);
        Assert.NotEqual("", response.Json.GetProperty("error").GetString());
    }
}

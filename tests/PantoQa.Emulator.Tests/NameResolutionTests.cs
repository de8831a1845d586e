using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>test_run_name and test_flow_id: from the suite when there is one, else from the root flow.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class NameResolutionTests(SharedEmulator shared)
{
    [Fact]
    public async Task RunWithSuite_IsNamedFromTheSuite_AndKeepsItsOwnFlow()
    {
        var run = await GetRunAsync("run_passed_1");

        Assert.Equal("Smoke suite", run.GetProperty("test_run_name").GetString());
        Assert.Equal("suite_smoke", run.GetProperty("test_suite_id").GetString());
        Assert.Equal("flow_login_sso", run.GetProperty("test_flow_id").GetString());
    }

    [Fact]
    public async Task RunWithoutSuite_IsNamedFromItsRootFlow_TwoParentsUp()
    {
        // flow_checkout_3ds -> flow_checkout_pay -> flow_01 "Checkout regression".
        var run = await GetRunAsync("run_partial_2");

        Assert.Equal("Checkout regression", run.GetProperty("test_run_name").GetString());
        Assert.Equal("flow_01", run.GetProperty("test_flow_id").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("test_suite_id").ValueKind);
    }

    [Fact]
    public async Task RunOnARootFlow_IsNamedFromThatFlow()
    {
        var run = await GetRunAsync("run_passed_2");

        Assert.Equal("Search", run.GetProperty("test_run_name").GetString());
        Assert.Equal("flow_search", run.GetProperty("test_flow_id").GetString());
    }

    [Fact]
    public async Task RuntimeFlows_ResolveThroughParentsInTheFragmentAndTheScenario()
    {
        var root = Api.UniqueId("root");
        var middle = Api.UniqueId("middle");
        var leaf = Api.UniqueId("leaf");
        var child = Api.UniqueId("child");
        var suite = Api.UniqueId("suite");
        var fromFlow = Api.UniqueId("run");
        var fromSuite = Api.UniqueId("run");
        var onScenarioFlow = Api.UniqueId("run");
        await shared.Emulator.Control.AddRunsAsync(new
        {
            suites = new[] { new { id = suite, name = "Fragment suite" } },
            flows = new object[]
            {
                new { id = leaf, name = "Leaf", parent_id = middle },
                new { id = middle, name = "Middle", parent_id = root },
                new { id = root, name = "Fragment root" },
                new { id = child, name = "Child of a scenario flow", parent_id = "flow_checkout_3ds" },
            },
            runs = new object[]
            {
                new { id = fromFlow, trigger_id = Api.UniqueId("trigger"), test_flow_id = leaf, status = "passed" },
                new { id = fromSuite, trigger_id = Api.UniqueId("trigger"), test_suite_id = suite, status = "passed" },
                new { id = onScenarioFlow, trigger_id = Api.UniqueId("trigger"), test_flow_id = child, status = "passed" },
            },
        });

        var named = await GetRunAsync(fromFlow);
        Assert.Equal("Fragment root", named.GetProperty("test_run_name").GetString());
        Assert.Equal(root, named.GetProperty("test_flow_id").GetString());

        var suiteRun = await GetRunAsync(fromSuite);
        Assert.Equal("Fragment suite", suiteRun.GetProperty("test_run_name").GetString());
        Assert.Equal(JsonValueKind.Null, suiteRun.GetProperty("test_flow_id").ValueKind);

        var scenarioFlowRun = await GetRunAsync(onScenarioFlow);
        Assert.Equal("Checkout regression", scenarioFlowRun.GetProperty("test_run_name").GetString());
        Assert.Equal("flow_01", scenarioFlowRun.GetProperty("test_flow_id").GetString());
    }

    [Theory]
    [InlineData("run_passed_1", "iphone 15")]
    [InlineData("r2", "galaxy s24")]
    [InlineData("r4", "ipad air")]
    public async Task DeviceNames_AreLowercase(string runId, string expected)
    {
        var run = await GetRunAsync(runId);

        Assert.Equal(expected, run.GetProperty("target_device_list")[0].GetProperty("device_name").GetString());
    }

    [Fact]
    public async Task DeviceNames_AreLowercasedAsStored_PlatformsAreNot()
    {
        var id = await shared.Emulator.AddRunAsync(new
        {
            target_device_list = new[]
            {
                new { platform = "Android", device_name = "Pixel 8 PRO", platform_version = "14" },
                new { platform = "iOS", device_name = "iPhone SE (3rd Gen) ÉDITION", platform_version = "17.4" },
            },
            status = "passed",
        });

        var devices = (await GetRunAsync(id)).GetProperty("target_device_list");

        Assert.Equal("pixel 8 pro", devices[0].GetProperty("device_name").GetString());
        Assert.Equal("iphone se (3rd gen) édition", devices[1].GetProperty("device_name").GetString());
        Assert.Equal("Android", devices[0].GetProperty("platform").GetString());
        Assert.Equal("iOS", devices[1].GetProperty("platform").GetString());
    }

    private async Task<JsonElement> GetRunAsync(string id)
    {
        var response = await shared.Emulator.GetRunAsync(id);
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, $"{id}: {(int)response.Status} {response.Body}");
        return response.Json.GetProperty("test_run");
    }
}

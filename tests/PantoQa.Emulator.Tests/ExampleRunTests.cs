using System.Net;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>The default scenario serves the API document's example exactly: names, order, types and nulls.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class ExampleRunTests(SharedEmulator shared)
{
    // Copied from the API document, with its comment dropped.
    private const string DocumentRun = """
        {
          "id": "testrun_01",
          "created_at": "2026-05-21T10:30:00Z",
          "test_framework": "appium",
          "context_id": "context_01",
          "env_id": "env_01",
          "build_file_id": "app_01",
          "runner_create_timestamp": "2026-05-21T10:31:00Z",
          "runner_start_timestamp": "2026-05-21T10:32:00Z",
          "runner_end_timestamp": null,
          "runner_status": "in_process",
          "remark": null,
          "test_run_name": "Checkout regression",
          "test_flow_id": "flow_01",
          "test_suite_id": null,
          "target_device_list": [
            { "platform": "android", "device_name": "pixel 8", "platform_version": "14" }
          ],
          "trigger_id": "trigger_01"
        }
        """;

    [Fact]
    public async Task TestRunEndpoint_ServesTheDocumentExample()
    {
        var response = await shared.Emulator.GetRunAsync("testrun_01");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal($$"""{ "test_run": {{DocumentRun}} }""", response.Json);
    }

    [Fact]
    public async Task TriggerEndpoint_ServesTheDocumentExample()
    {
        var response = await shared.Emulator.GetTriggerAsync("trigger_01");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal($$"""{ "test_runs": [ {{DocumentRun}} ], "status": "in_process" }""", response.Json);
    }

    [Fact]
    public async Task ExampleRun_StaysInProcess()
    {
        // Served from a final state: asking again must not move it along or change a byte.
        var first = await shared.Emulator.GetRunAsync("testrun_01");
        var second = await shared.Emulator.GetRunAsync("testrun_01");

        Assert.Equal(first.Body, second.Body);
        Assert.Equal("in_process", second.Json.GetProperty("test_run").GetProperty("runner_status").GetString());
    }
}

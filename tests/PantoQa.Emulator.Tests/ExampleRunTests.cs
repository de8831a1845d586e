using System.Net;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>The default scenario serves the API document's example exactly: names, order, types and nulls.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class ExampleRunTests(SharedEmulator shared)
{
    [Fact]
    public async Task TestRunEndpoint_ServesTheDocumentExample()
    {
        var response = await shared.Emulator.GetRunAsync("testrun_01");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal(DocumentExample.RunBody, response.Json);
    }

    [Fact]
    public async Task TriggerEndpoint_ServesTheDocumentExample()
    {
        var response = await shared.Emulator.GetTriggerAsync("trigger_01");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal(DocumentExample.TriggerBody, response.Json);
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

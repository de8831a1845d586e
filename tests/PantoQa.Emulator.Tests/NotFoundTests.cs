using System.Net;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

[Collection(SharedEmulatorCollection.Name)]
public sealed class NotFoundTests(SharedEmulator shared)
{
    [Fact]
    public async Task UnknownRun_AnswersTheDocumentedBody()
    {
        var response = await shared.Emulator.GetRunAsync("no-such-run");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal("""{ "detail": "Test run not found" }""", response.Json);
    }

    [Fact]
    public async Task UnknownTrigger_AnswersTheDocumentedBody()
    {
        var response = await shared.Emulator.GetTriggerAsync("no-such-trigger");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal("""{ "detail": "No test runs found for trigger id" }""", response.Json);
    }

    [Fact]
    public async Task RunIdIsNotATriggerId()
    {
        var asTrigger = await shared.Emulator.GetTriggerAsync("testrun_01");
        var asRun = await shared.Emulator.GetRunAsync("trigger_01");

        Assert.Equal(HttpStatusCode.NotFound, asTrigger.Status);
        Assert.Equal(HttpStatusCode.NotFound, asRun.Status);
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/v1/qa/external/test-run/")]
    [InlineData("/api/v1/qa/external/test-run/testrun_01/")]
    [InlineData("/api/v1/qa/external/test-run/testrun_01/extra")]
    [InlineData("/api/v1/qa/external/test-runs-by-trigger")]
    [InlineData("/api/v1/qa/external/test-runs/trigger_01")]
    [InlineData("/api/v2/qa/external/test-run/testrun_01")]
    [InlineData("/API/v1/qa/external/test-run/testrun_01")]
    [InlineData("/")]
    public async Task OtherPaths_AnswerNotFound(string path)
    {
        var response = await shared.Emulator.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal("""{ "detail": "Not Found" }""", response.Json);
    }

    [Fact]
    public async Task OtherMethods_AreNotAllowed()
    {
        var response = await shared.Emulator.SendAsync(HttpMethod.Post, Api.RunPath + "testrun_01", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        JsonAssert.Equal("""{ "detail": "Method Not Allowed" }""", response.Json);
    }
}

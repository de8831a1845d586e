using System.Net;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

[Collection(SharedEmulatorCollection.Name)]
public sealed class ApiKeyTests(SharedEmulator shared)
{
    private const string InvalidKeyBody = """{ "error": "Invalid or expired API key" }""";

    public static TheoryData<string?> RejectedKeys => new() { null, "", "wrong-key", "EMULATOR-KEY", "expired-key" };

    [Theory]
    [MemberData(nameof(RejectedKeys))]
    public async Task RunEndpoint_RejectsMissingWrongAndExpiredKeys(string? key)
    {
        var response = await shared.Emulator.GetRunAsync("testrun_01", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/json", response.MediaType);
        JsonAssert.Equal(InvalidKeyBody, response.Json);
    }

    [Theory]
    [MemberData(nameof(RejectedKeys))]
    public async Task TriggerEndpoint_RejectsMissingWrongAndExpiredKeys(string? key)
    {
        var response = await shared.Emulator.GetTriggerAsync("trigger_01", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        JsonAssert.Equal(InvalidKeyBody, response.Json);
    }

    [Fact]
    public async Task KeyIsCheckedBeforeTheLookup()
    {
        // A 404 here would tell an unauthenticated caller which ids exist.
        var run = await shared.Emulator.GetRunAsync("no-such-run", "wrong-key");
        var trigger = await shared.Emulator.GetTriggerAsync("no-such-trigger", key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, run.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, trigger.Status);
    }

    [Fact]
    public async Task KeyGivenOnTheCommandLine_IsAccepted()
    {
        var response = await shared.Emulator.GetRunAsync("testrun_01", SharedEmulator.ExtraKey);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task TwoKeyHeaders_AreRejected()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.RunPath + "testrun_01");
        request.Headers.TryAddWithoutValidation(Api.KeyHeader, [Api.Key, Api.Key]);

        using var response = await shared.Emulator.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// The request log shows raw targets exactly as sent and never a key; ids are matched inside
/// their own raw path segment, so a hostile id cannot reach another endpoint.
/// </summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class RequestLogTests(SharedEmulator shared)
{
    [Fact]
    public async Task PercentEncodedSlash_StaysInsideTheId_AndIsLoggedRaw()
    {
        var id = Api.UniqueId("dir") + "/run é?#";
        await shared.Emulator.AddRunAsync(new { id, trigger_id = id + " trigger", status = "passed" });
        var rawTarget = Api.RunPath + Uri.EscapeDataString(id) + "?q=%2F&x=1";

        var (status, body) = await RawHttp.GetAsync(shared.Emulator, rawTarget);
        var trigger = await shared.Emulator.GetTriggerAsync(id + " trigger");

        Assert.Equal(200, status);
        Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("test_run").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, trigger.Status);
        var entry = await SingleEntryAsync(rawTarget);
        Assert.Equal("GET", entry.GetProperty("method").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.True(entry.GetProperty("api_key_present").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("fault").ValueKind);
    }

    [Theory]
    [InlineData("/api/v1/qa/external/test-run/../test-runs-by-trigger/t1", 404, """{"detail":"Not Found"}""")]
    [InlineData("/api/v1/qa/external/test-run/%2E%2E%2Ftest-runs-by-trigger%2Ft1", 404, """{"detail":"Test run not found"}""")]
    [InlineData("/api/v1/qa/external/test-run/..%2F..%2F..%2F..%2F..%2F_emulator%2Freset", 404, """{"detail":"Test run not found"}""")]
    [InlineData("/api/../_emulator/reset", 404, """{"detail":"Not Found"}""")]
    [InlineData("/x/../_emulator/stats", 404, """{"detail":"Not Found"}""")]
    [InlineData("/api/v1/qa/external/test-run/t1%3Fx%3D1", 404, """{"detail":"Test run not found"}""")]
    [InlineData("/api/v1/qa/external/test-runs-by-trigger/%74%31", 200, null)]
    public async Task HostileTargets_StayWhereTheyWereSent(string rawTarget, int expectedStatus, string? expectedBody)
    {
        var marker = rawTarget.Contains('?') ? "" : "?marker=" + Guid.NewGuid().ToString("N");
        var target = rawTarget + marker;

        var (status, body) = await RawHttp.GetAsync(shared.Emulator, target);

        Assert.Equal(expectedStatus, status);
        if (expectedBody is not null)
        {
            Assert.Equal(expectedBody, body);
        }

        var entry = await SingleEntryAsync(target);
        Assert.Equal(expectedStatus, entry.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task KeysAreNeverLogged_OnlyWhetherOneWasSent()
    {
        var marker = Guid.NewGuid().ToString("N");
        const string secret = "secret-key-value-that-must-not-leak";
        await shared.Emulator.GetAsync($"{Api.RunPath}testrun_01?with={marker}", secret);
        await shared.Emulator.GetAsync($"{Api.RunPath}testrun_01?without={marker}", key: null);
        await shared.Emulator.GetAsync($"{Api.RunPath}testrun_01?valid={marker}");

        var log = (await shared.Emulator.SendAsync(HttpMethod.Get, "/_emulator/requests")).Body;
        Assert.DoesNotContain(secret, log);
        Assert.DoesNotContain(Api.Key, log);
        Assert.DoesNotContain(SharedEmulator.ExtraKey, log);
        Assert.True((await SingleEntryAsync($"{Api.RunPath}testrun_01?with={marker}")).GetProperty("api_key_present").GetBoolean());
        Assert.False((await SingleEntryAsync($"{Api.RunPath}testrun_01?without={marker}")).GetProperty("api_key_present").GetBoolean());
        Assert.Equal(401, (await SingleEntryAsync($"{Api.RunPath}testrun_01?with={marker}")).GetProperty("status").GetInt32());

        var file = await WaitForFileLineAsync($"valid={marker}");
        Assert.Equal(200, JsonDocument.Parse(file).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(secret, await ReadSharedAsync(shared.RequestLogPath));
        Assert.DoesNotContain(Api.Key, await ReadSharedAsync(shared.RequestLogPath));
    }

    [Fact]
    public async Task RequestLogFile_HasOneJsonLinePerRequest()
    {
        var marker = Guid.NewGuid().ToString("N");
        await RawHttp.GetAsync(shared.Emulator, $"{Api.TriggerPath}t1%2Fx?file={marker}");

        var line = await WaitForFileLineAsync($"file={marker}");

        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal($"{Api.TriggerPath}t1%2Fx?file={marker}", entry.GetProperty("raw_target").GetString());
        Assert.Equal(404, entry.GetProperty("status").GetInt32());
        Assert.Equal(
            ["seq", "time", "method", "raw_target", "status", "fault", "api_key_present"],
            entry.EnumerateObject().Select(p => p.Name));
    }

    private async Task<JsonElement> SingleEntryAsync(string rawTarget)
    {
        var log = (await shared.Emulator.SendAsync(HttpMethod.Get, "/_emulator/requests")).Json;
        return Assert.Single(log.EnumerateArray(), e => e.GetProperty("raw_target").GetString() == rawTarget).Clone();
    }

    private async Task<string> WaitForFileLineAsync(string marker)
    {
        // Written from a background queue, usually within milliseconds.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            var line = (await ReadSharedAsync(shared.RequestLogPath))
                .Split('\n')
                .SingleOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"No line with {marker} in {shared.RequestLogPath}.");
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

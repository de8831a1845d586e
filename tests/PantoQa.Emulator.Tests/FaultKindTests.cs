using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;
using static PantoQa.Emulator.Tests.Infrastructure.FaultSequences;

namespace PantoQa.Emulator.Tests;

/// <summary>What each fault kind puts on the wire, as the client's robustness tests will meet it.</summary>
public sealed class FaultKindTests(FaultKindTests.Emulator fixture) : IClassFixture<FaultKindTests.Emulator>
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMilliseconds(500);

    private EmulatorProcess Server => fixture.Process;

    [Theory]
    [InlineData("500", 500, "application/json")]
    [InlineData("502", 502, "text/html")]
    [InlineData("503", 503, "application/json")]
    [InlineData("504", 504, "text/html")]
    public async Task ServerErrors_AnswerTheirStatusWithASmallBody(string kind, int status, string mediaType)
    {
        var response = await FaultedGetAsync(kind);

        Assert.Equal(status, (int)response.Status);
        Assert.Equal(mediaType, response.MediaType);
        Assert.InRange(response.Body.Length, 1, 1024);
    }

    [Theory]
    [InlineData("400", 400, "Bad Request")]
    [InlineData("403", 403, "Forbidden")]
    public async Task ClientErrors_AnswerTheirStatusWithADetail(string kind, int status, string detail)
    {
        var response = await FaultedGetAsync(kind);

        Assert.Equal(status, (int)response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal(detail, response.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TooManyRequests_SaysRetryAfterInSeconds()
    {
        var response = await FaultedGetAsync("429", retryAfter: "2");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task TooManyRequests_DefaultsToOneSecond()
    {
        var response = await FaultedGetAsync("429");

        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task TooManyRequestsDate_SaysRetryAfterAsAnHttpDateOneToTwoSecondsAhead()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "429-date" } });
        var before = DateTimeOffset.UtcNow;
        var response = await Server.GetRunAsync("r1");
        var after = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        var date = response.Headers.RetryAfter?.Date;
        Assert.NotNull(date);
        // Two seconds from the moment the emulator answered, less the fraction an HTTP-date cannot hold.
        Assert.InRange(date.Value, before.AddSeconds(1).AddMilliseconds(-50), after.AddSeconds(2));
    }

    [Fact]
    public async Task Delay_WaitsThenAnswersNormally()
    {
        var clock = Stopwatch.StartNew();
        var response = await FaultedGetAsync("delay", delayMs: 400);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("r1", response.Json.GetProperty("test_run").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Drop_ClosesTheConnectionWithoutAnAnswer()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "drop" } });

        await Assert.ThrowsAsync<HttpRequestException>(() => Server.GetRunAsync("r1"));
    }

    [Fact]
    public async Task Truncate_SendsHalfTheJsonWithAMatchingLength()
    {
        await Server.Control.SetFaultsAsync(new { rate = 0 });
        var whole = await Server.GetRunAsync("r1");

        var response = await FaultedGetAsync("truncate");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal(whole.Body[..(Encoding.UTF8.GetByteCount(whole.Body) / 2)], response.Body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Body));
    }

    [Fact]
    public async Task NonJson_IsLabelledJsonButIsNot()
    {
        var response = await FaultedGetAsync("nonjson");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Body));
    }

    [Fact]
    public async Task Html_IsAPage()
    {
        var response = await FaultedGetAsync("html");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html", response.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", response.Body);
    }

    [Fact]
    public async Task WrongContentType_IsTheRealAnswerLabelledText()
    {
        var response = await FaultedGetAsync("wrong-content-type");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/plain", response.MediaType);
        Assert.Equal("r1", response.Json.GetProperty("test_run").GetProperty("id").GetString());
    }

    [Fact]
    public async Task EndlessBody_StreamsWithoutLengthUntilTheClientLeaves()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "endless-body" } });
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.RunPath + "r1");
        request.Headers.Add(Api.KeyHeader, Api.Key);

        using (var response = await Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentLength);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            long read = 0;
            while (read < 4 * 1024 * 1024)
            {
                var n = await body.ReadAsync(buffer);
                Assert.NotEqual(0, n);
                read += n;
            }
        }

        // The emulator notices the client left and carries on serving.
        await Server.Control.SetFaultsAsync(new { rate = 0 });
        Assert.Equal(HttpStatusCode.OK, (await Server.GetRunAsync("r1")).Status);
    }

    [Fact]
    public async Task HugeLength_AnnouncesAGigabyteThenStalls()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "huge-length" } });
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.RunPath + "r1");
        request.Headers.Add(Api.KeyHeader, Api.Key);

        using var response = await Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(1L << 30, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024];
        Assert.True(await body.ReadAsync(buffer) > 0);
        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        // Nothing more ever comes: the read can only end by giving up.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => Assert.Equal(-1, await body.ReadAsync(buffer, giveUp.Token)));
    }

    [Fact]
    public async Task Hang_NeverAnswers_AndIsLoggedAsDropped()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "hang" } });
        var marker = Api.UniqueId("hang");

        var servedBefore = await RequestsServedAsync();
        using (var giveUp = new CancellationTokenSource())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Api.RunPath + marker);
            var sending = Server.Http.SendAsync(request, giveUp.Token);

            // Give up only once the emulator holds the request, however slow the machine is.
            var waited = Stopwatch.StartNew();
            while (await RequestsServedAsync() == servedBefore)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the hung request never reached the emulator");
                await Task.Delay(20);
            }

            await Task.Delay(GiveUpAfter);
            Assert.False(sending.IsCompleted, "a hung request was answered");
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        }

        await Server.Control.SetFaultsAsync(new { rate = 0 });
        var entry = await WaitForLogEntryAsync(marker);
        Assert.Equal("dropped", entry.GetProperty("status").GetString());
        Assert.Equal("hang", entry.GetProperty("fault").GetString());
    }

    [Fact]
    public async Task DeepJson_NestsAHundredThousandLevels()
    {
        var response = await FaultedGetAsync("deep-json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(new string('[', 100_000) + new string(']', 100_000), response.Body);
    }

    [Fact]
    public async Task NullJson_IsTheLiteralNull()
    {
        var response = await FaultedGetAsync("null-json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("null", response.Body);
    }

    [Fact]
    public async Task RunsNotArray_BreaksTheShapeOfEitherEndpoint()
    {
        var trigger = await FaultedGetAsync("runs-not-array", path: Api.TriggerPath + "t1");
        var run = await FaultedGetAsync("runs-not-array");

        Assert.Equal(JsonValueKind.Object, trigger.Json.GetProperty("test_runs").ValueKind);
        Assert.Equal("passed", trigger.Json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, run.Json.GetProperty("test_run").ValueKind);
    }

    [Fact]
    public async Task Redirect_PointsToTheSamePathOnAnotherHost()
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "redirect" } });
        var defaultTarget = await Server.GetAsync(Api.RunPath + "r1?x=%2F");
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { "redirect" }, redirect_to = "http://127.0.0.3:8080/" });
        var configured = await Server.GetAsync(Api.TriggerPath + "t1");

        Assert.Equal(HttpStatusCode.Found, defaultTarget.Status);
        Assert.Equal("http://127.0.0.2:9/api/v1/qa/external/test-run/r1?x=%2F", defaultTarget.Headers.Location?.OriginalString);
        Assert.Equal("http://127.0.0.3:8080/api/v1/qa/external/test-runs-by-trigger/t1", configured.Headers.Location?.OriginalString);
    }

    private Task<ApiResponse> FaultedGetAsync(string kind, string? retryAfter = null, int? delayMs = null) =>
        FaultedGetAsync(kind, Api.RunPath + "r1", retryAfter, delayMs);

    private async Task<ApiResponse> FaultedGetAsync(string kind, string path, string? retryAfter = null, int? delayMs = null)
    {
        await Server.Control.SetFaultsAsync(new { rate = 1, kinds = new[] { kind }, retry_after = retryAfter, delay_ms = delayMs });
        return await Server.GetAsync(path);
    }

    private async Task<int> RequestsServedAsync() =>
        (await Server.SendAsync(HttpMethod.Get, "/_emulator/stats")).Json.GetProperty("requests_served").GetInt32();

    private async Task<JsonElement> WaitForLogEntryAsync(string marker)
    {
        // The emulator logs the hung request once it sees the client leave, a moment after the client gave up.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var log = (await Server.SendAsync(HttpMethod.Get, "/_emulator/requests")).Json;
            var entry = log.EnumerateArray().FirstOrDefault(e => e.GetProperty("raw_target").GetString()!.Contains(marker, StringComparison.Ordinal));
            if (entry.ValueKind != JsonValueKind.Undefined)
            {
                return entry.Clone();
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the hung request never reached the log");
            await Task.Delay(50);
        }
    }

    public sealed class Emulator : IAsyncLifetime
    {
        public EmulatorProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() => Process = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}

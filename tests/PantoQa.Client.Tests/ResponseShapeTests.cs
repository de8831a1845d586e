using System.IO.Compression;
using System.Net;
using System.Text;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>Answers the emulator has no fault for, from a stub server that sends exactly the bytes given.</summary>
public sealed class ResponseShapeTests
{
    private const string Json = "application/json";

    [Fact]
    public async Task Request_CarriesTheKeyOnce_AndAsksForJson()
    {
        using var stub = new StubServer(StubServer.Response(200, Json, DocumentExample.RunBody));
        using var client = TestClients.Create(stub.BaseAddress);

        await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        var head = Assert.Single(stub.Requests);
        var lines = head.Split("\r\n");
        Assert.Equal("GET /api/v1/qa/external/test-run/testrun_01 HTTP/1.1", lines[0]);
        Assert.Single(lines, l => l == $"X-PANTO-API-KEY: {Keys.Secret}");
        Assert.Single(lines, l => l.StartsWith("X-PANTO-API-KEY", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.StartsWith("Accept: application/json", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Authorization", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BaseUriWithAPath_PrefixesEveryRequest()
    {
        using var stub = new StubServer(StubServer.Response(200, Json, DocumentExample.RunBody));
        using var client = TestClients.Create(new Uri(stub.BaseAddress, "/gateway/panto/"));

        await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        Assert.StartsWith("GET /gateway/panto/api/v1/qa/external/test-run/testrun_01 HTTP/1.1", Assert.Single(stub.Requests));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/vnd.panto+json")]
    public async Task JsonMediaTypes_AreAccepted(string contentType)
    {
        using var stub = new StubServer(StubServer.Response(200, contentType, DocumentExample.RunBody));
        using var client = TestClients.Create(stub.BaseAddress);

        DocumentExample.AssertIsTheExample(await client.GetTestRunAsync("testrun_01", CancellationToken.None));
    }

    [Fact]
    public async Task Utf8ByteOrderMark_IsSkipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(DocumentExample.RunBody)];
        using var stub = new StubServer(StubServer.Response(200, Json, body));
        using var client = TestClients.Create(stub.BaseAddress);

        DocumentExample.AssertIsTheExample(await client.GetTestRunAsync("testrun_01", CancellationToken.None));
    }

    [Fact]
    public async Task GzipBody_IsDecompressed()
    {
        using var stub = new StubServer(StubServer.Response(200, Json, Gzip(Encoding.UTF8.GetBytes(DocumentExample.TriggerBody)), ("Content-Encoding", "gzip")));
        using var client = TestClients.Create(stub.BaseAddress);

        var result = await client.GetTriggerRunsAsync("trigger_01", CancellationToken.None);

        DocumentExample.AssertIsTheExample(Assert.Single(result.test_runs));
    }

    [Fact]
    public async Task GzipBomb_IsCutAtTheCap()
    {
        // 8 MiB of spaces compress to a few KiB, well under the cap; the cap applies to what comes out.
        var spaces = new byte[8 * 1024 * 1024];
        Array.Fill(spaces, (byte)' ');
        var bomb = Gzip(spaces);
        Assert.InRange(bomb.Length, 1, 256 * 1024);
        using var stub = new StubServer(StubServer.Response(200, Json, bomb, ("Content-Encoding", "gzip")));
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxResponseBytes = 1024 * 1024);

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync("trigger_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("1 MiB", failure.Message);
    }

    public static TheoryData<string, string> UndocumentedTriggerBodies => new()
    {
        { """{"status":"passed"}""", "no test_runs" },
        { """{"test_runs":null,"status":"passed"}""", "null test_runs" },
        { """{"test_runs":[null],"status":"passed"}""", "a null run" },
        { """{"test_runs":[]}""", "no status" },
        { """{"test_runs":[],"status":null}""", "null status" },
        { """{"test_runs":[{"id":"r"}],"status":7}""", "numeric status" },
        { "[]", "an array" },
        { "\"passed\"", "a string" },
        { "", "nothing" },
    };

    [Theory]
    [MemberData(nameof(UndocumentedTriggerBodies))]
    public async Task UndocumentedTriggerBody_IsInvalidResponse(string body, string what)
    {
        using var stub = new StubServer(StubServer.Response(200, Json, body));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync("trigger_01", CancellationToken.None));

        Assert.True(PantoErrorKind.InvalidResponse == failure.Kind, $"A body with {what} gave {failure.Kind}.");
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData("""{"test_run":null}""")]
    [InlineData("""{"run":{"id":"r"}}""")]
    [InlineData("""{}""")]
    [InlineData("null")]
    public async Task UndocumentedRunBody_IsInvalidResponse(string body)
    {
        using var stub = new StubServer(StubServer.Response(200, Json, body));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("r", CancellationToken.None));

        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    public async Task JsonUnderAnotherMediaType_IsInvalidResponse(string? contentType)
    {
        using var stub = new StubServer(StubServer.Response(200, contentType, DocumentExample.RunBody));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("not JSON", failure.Message);
    }

    [Theory]
    [InlineData(400, PantoErrorKind.BadRequest)]
    [InlineData(403, PantoErrorKind.Forbidden)]
    [InlineData(405, PantoErrorKind.BadRequest)]
    [InlineData(418, PantoErrorKind.BadRequest)]
    [InlineData(422, PantoErrorKind.BadRequest)]
    public async Task ClientErrors_AreAnswers_NeverRetried(int status, PantoErrorKind kind)
    {
        using var stub = new StubServer(StubServer.Response(status, Json, """{"detail":"Refused for a reason"}"""));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(kind, failure.Kind);
        Assert.Equal((HttpStatusCode)status, failure.StatusCode);
        Assert.Equal("Refused for a reason", failure.ServiceMessage);
        Assert.Equal(1, failure.Attempts);
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(599)]
    public async Task ServerErrors_AreRetried(int status)
    {
        using var stub = new StubServer(StubServer.Response(status, Json, """{"detail":"Busy"}"""));
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxRetries = 2);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.ServiceUnavailable, failure.Kind);
        Assert.Equal(3, failure.Attempts);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task RetryAfterOnA503_IsHonoured()
    {
        using var stub = new StubServer(StubServer.Response(503, Json, """{"detail":"Maintenance"}""", ("Retry-After", "1")));
        using var client = TestClients.Create(stub.BaseAddress, o =>
        {
            o.MaxRetries = 1;
            o.MaxRetryDelay = TimeSpan.FromSeconds(5);
        });
        var events = new List<PantoRequestEvent>();

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None, events.Add));

        Assert.Equal(TimeSpan.FromSeconds(1), events[0].RetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), failure.RetryAfter);
    }

    [Fact]
    public async Task ServiceRecovering_AfterTwoFailures_Succeeds()
    {
        var busy = StubServer.Response(503, Json, """{"detail":"Busy"}""");
        var fine = StubServer.Response(200, Json, DocumentExample.RunBody);
        using var stub = new StubServer(n => n < 2 ? busy : fine);
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxRetries = 2);

        DocumentExample.AssertIsTheExample(await client.GetTestRunAsync("testrun_01", CancellationToken.None));
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task FastApiValidationError_KeepsItsStatus_WithoutAServiceMessage()
    {
        // FastAPI's 422 has a list for detail; it is still an answer, just not one to quote.
        using var stub = new StubServer(StubServer.Response(422, Json, """{"detail":[{"loc":["path","id"],"msg":"field required","type":"value_error"}]}"""));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.BadRequest, failure.Kind);
        Assert.Null(failure.ServiceMessage);
    }

    [Fact]
    public async Task ProblemJson_ErrorBody_IsQuoted()
    {
        using var stub = new StubServer(StubServer.Response(404, "application/problem+json", """{"detail":"Test run not found"}"""));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal("Test run not found", failure.ServiceMessage);
    }

    [Fact]
    public async Task LongMultiLineServiceMessage_BecomesOneShortLine()
    {
        var detail = "first line\r\nsecond line\n" + new string('x', 5000);
        using var stub = new StubServer(StubServer.Response(400, Json, System.Text.Json.JsonSerializer.Serialize(new { detail })));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.DoesNotContain('\n', failure.Message);
        Assert.DoesNotContain('\r', failure.Message);
        Assert.InRange(failure.ServiceMessage!.Length, 1, 310);
        Assert.StartsWith("first line  second line", failure.ServiceMessage);
    }

    [Theory]
    [InlineData(401, """{"error":"Invalid API key pq_live_7Hk2Xw9Qz4Lm8Rt1Vb6Nc3Yd5Fg0Js"}""")]
    [InlineData(400, """{"detail":"Key pq_live_7Hk2Xw9Qz4Lm8Rt1Vb6Nc3Yd5Fg0Js is malformed"}""")]
    [InlineData(503, """{"detail":"Quota exceeded for pq_live_7Hk2Xw9Qz4Lm8Rt1Vb6Nc3Yd5Fg0Js"}""")]
    public async Task ServiceEchoingTheKey_DoesNotPutItInTheError(int status, string body)
    {
        using var stub = new StubServer(StubServer.Response(status, Json, body));
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxRetries = 0);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.DoesNotContain(Keys.Secret, failure.ServiceMessage);
        Assert.NotNull(failure.ServiceMessage);
    }

    [Fact]
    public async Task RelativeRedirect_WithinTheOrigin_IsFollowed()
    {
        var moved = StubServer.Response(301, null, "", ("Location", "/api/v1/qa/external/test-run/testrun_01"));
        var fine = StubServer.Response(200, Json, DocumentExample.RunBody);
        using var stub = new StubServer(n => n == 0 ? moved : fine);
        using var client = TestClients.Create(stub.BaseAddress);

        DocumentExample.AssertIsTheExample(await client.GetTestRunAsync("old_id", CancellationToken.None));

        Assert.Equal(2, stub.Requests.Count);
        Assert.StartsWith("GET /api/v1/qa/external/test-run/testrun_01 ", stub.Requests[1]);
    }

    [Fact]
    public async Task RedirectToHttpsOfTheSameHost_IsAnotherOrigin()
    {
        using var stub = new StubServer(_ => []);
        using var origin = new StubServer(StubServer.Response(307, null, "", ("Location", $"https://127.0.0.1:{stub.BaseAddress.Port}/x")));
        using var client = TestClients.Create(origin.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.Redirect, failure.Kind);
        Assert.Empty(stub.Requests);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}

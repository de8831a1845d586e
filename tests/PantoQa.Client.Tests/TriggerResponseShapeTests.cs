using System.Net;
using System.Text.Json;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Client.Tests.Infrastructure;
using static PantoQa.Client.Tests.Infrastructure.Triggers;

namespace PantoQa.Client.Tests;

/// <summary>Trigger answers the emulator does not give, from a stub server that sends exactly the bytes given.</summary>
public sealed class TriggerResponseShapeTests
{
    private const string Json = "application/json";

    [Fact]
    public async Task Request_IsOnePostOfTheJsonBody_WithTheKeyOnce()
    {
        using var stub = new StubServer(n => n == 0
            ? StubServer.Response(200, Json, """{"message":"Triggered 1 test flow(s) matched.","test_runs":["tr_1"]}""")
            : StubRun("tr_1", "trig_1"));
        using var client = TestClients.Create(stub.BaseAddress);
        var request = new TriggerRequest("app_01", TriggerTags.FlowNames(["Login", "Search"]), [new TriggerDevice(null, "Pixel 6", "14")], "staging");

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, request, CancellationToken.None);

        Assert.Equal("trig_1", start.trigger_id);
        var lines = stub.Requests[0].Split("\r\n");
        Assert.Equal($"POST {TriggerStarter.TestFlowPath} HTTP/1.1", lines[0]);
        Assert.Single(lines, l => l == $"X-PANTO-API-KEY: {Keys.Secret}");
        Assert.Contains(lines, l => l.StartsWith("Content-Type: application/json", StringComparison.OrdinalIgnoreCase));
        JsonAssert.Equal(
            """{"app_id":"app_01","tags":{"include_tags":{"_$NAME":["Login","Search"]}},"devices":[{"device_name":"Pixel 6","platform_version":"14"}],"env_name":"staging"}""",
            stub.Bodies[0]);
        Assert.StartsWith("GET /api/v1/qa/external/test-run/tr_1 HTTP/1.1", stub.Requests[1]);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task ExtraFields_AreKept_AndATriggerIdSentIsUsed()
    {
        using var stub = new StubServer(n => n == 0
            ? StubServer.Response(200, Json, """{"message":"ok","test_runs":["tr_1","tr_2"],"trigger_id":"trig_9","queued":{"position":3}}""")
            : StubRun("tr_1", "something_else"));
        using var client = TestClients.Create(stub.BaseAddress);

        var start = await Starter(client).StartAsync(TriggerKind.TestSuite, FlowsOf("payments"), CancellationToken.None);

        Assert.Equal("trig_9", start.trigger_id);
        Assert.Equal(["tr_1", "tr_2"], start.test_runs);
        var extra = Assert.Single(start.GetAdditionalFields());
        Assert.Equal("queued", extra.Key);
        Assert.StartsWith($"POST {TriggerStarter.TestSuitePath} ", stub.Requests[0]);
    }

    [Fact]
    public async Task FastApiValidationErrors_AreRequestRejected_QuotingEveryMessage()
    {
        using var stub = new StubServer(StubServer.Response(422, Json, $$$"""
            {"detail":[{"type":"missing","loc":["body","devices",0,"platform_version"],"msg":"Field required","input":{}},
                       {"type":"value_error","loc":["body","tags"],"msg":"Value error, bad selector"},
                       {"type":"x","loc":[],"msg":"Key {{{Keys.Secret}}} is odd"}]}
            """));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.BadRequest, failure.Kind);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failure.StatusCode);
        Assert.Equal("devices.0.platform_version: Field required; tags: Value error, bad selector; Key **** is odd", failure.ServiceMessage);
        Assert.Contains(failure.ServiceMessage!, failure.Message);
        Assert.Contains("No runs were started", failure.Message);
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData(400, """{"detail":"Invalid tags"}""", "Invalid tags")]
    [InlineData(422, """{"detail":"Exactly one selector"}""", "Exactly one selector")]
    [InlineData(400, """{"error":"Bad body"}""", "Bad body")]
    [InlineData(400, "not json", null)]
    public async Task OtherRejections_QuoteWhatTheServiceSaid(int status, string body, string? said)
    {
        using var stub = new StubServer(StubServer.Response(status, Json, body));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.BadRequest, failure.Kind);
        Assert.Equal(said, failure.ServiceMessage);
        Assert.Contains($"HTTP {status}", failure.Message);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Status408_IsResent()
    {
        using var stub = new StubServer(n => n switch
        {
            0 => StubServer.Response(408, Json, """{"detail":"Request Timeout"}"""),
            1 => StubServer.Response(200, Json, """{"message":"ok","test_runs":["tr_1"]}"""),
            _ => StubRun("tr_1", "trig_1"),
        });
        using var client = TestClients.Create(stub.BaseAddress);

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None);

        Assert.Equal("trig_1", start.trigger_id);
        Assert.Equal(2, stub.Requests.Count(r => r.StartsWith("POST ", StringComparison.Ordinal)));
        Assert.Equal(stub.Bodies[0], stub.Bodies[1]);
    }

    [Theory]
    [InlineData(404, """{"detail":"Not Found"}""", PantoErrorKind.EndpointNotFound)]
    [InlineData(403, """{"detail":"Forbidden"}""", PantoErrorKind.Forbidden)]
    [InlineData(501, """{"detail":"Not Implemented"}""", PantoErrorKind.BadRequest)]
    public async Task OtherAnswers_AreNotResent(int status, string body, PantoErrorKind kind)
    {
        using var stub = new StubServer(StubServer.Response(status, Json, body));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(kind, failure.Kind);
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData("""{"message":"ok"}""")]
    [InlineData("""{"message":"ok","test_runs":[null]}""")]
    [InlineData("""{"message":"ok","test_runs":"tr_1"}""")]
    [InlineData("null")]
    public async Task SuccessWithoutRunIds_IsOutcomeUnknown_SayingRunsMayHaveStarted(string body)
    {
        using var stub = new StubServer(StubServer.Response(200, Json, body));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.TriggerOutcomeUnknown, failure.Kind);
        Assert.Contains("may have started", failure.Message);
        Assert.DoesNotContain("No runs were started", failure.Message);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task FirstRunFailingToRead_LeavesTheIdUnknown_WithTheCause()
    {
        using var stub = new StubServer(n => n == 0
            ? StubServer.Response(200, Json, """{"message":"ok","test_runs":["tr_1"]}""")
            : StubServer.Response(500, Json, """{"detail":"Internal Server Error"}"""));
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxRetries = 1);

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None);

        Assert.Null(start.trigger_id);
        var failure = start.GetTriggerIdFailure()!;
        Assert.Equal(PantoErrorKind.TriggerIdUnknown, failure.Kind);
        Assert.Equal(PantoErrorKind.ServiceUnavailable, Assert.IsType<PantoApiException>(failure.InnerException).Kind);
        // One POST, then the read and its one retry.
        Assert.Equal(3, stub.Requests.Count);
    }
}

using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Client.Tests.Infrastructure;
using static PantoQa.Client.Tests.Infrastructure.Triggers;

namespace PantoQa.Client.Tests;

/// <summary>
/// A trigger POST is sent again only where the service says it did not act: 307 and 308 are
/// followed; 301, 302 and 303 may answer a request it carried out, so they end the call.
/// </summary>
public sealed class TriggerRedirectTests
{
    private const string Json = "application/json";
    private const string Started = """{"message":"ok","test_runs":["tr_1"]}""";

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task RedirectThatMayFollowAnAction_IsNotFollowed_AndTheOutcomeIsUnknown(int status)
    {
        using var stub = new StubServer(n => n == 0
            ? StubServer.Response(status, Json, "{}", ("Location", TriggerStarter.TestFlowPath + "?again=1"))
            : StubServer.Response(200, Json, Started));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.TriggerOutcomeUnknown, failure.Kind);
        Assert.Equal(status, (int)failure.StatusCode!);
        Assert.Contains($"HTTP {status}", failure.Message);
        Assert.DoesNotContain("No runs were started", failure.Message);
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task RedirectThatAsksForTheSameRequest_IsFollowedWithTheSameBody(int status)
    {
        using var stub = new StubServer(n => n switch
        {
            0 => StubServer.Response(status, Json, "{}", ("Location", TriggerStarter.TestFlowPath + "?moved=1")),
            1 => StubServer.Response(200, Json, Started),
            _ => StubRun("tr_1", "trig_1"),
        });
        using var client = TestClients.Create(stub.BaseAddress);

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None);

        Assert.Equal("trig_1", start.trigger_id);
        Assert.StartsWith($"POST {TriggerStarter.TestFlowPath}?moved=1 HTTP/1.1", stub.Requests[1]);
        Assert.Equal(stub.Bodies[0], stub.Bodies[1]);
    }

    [Theory]
    [InlineData(405)]
    [InlineData(501)]
    [InlineData(307)]
    public async Task AnswerThatProvesNothingStarted_SaysSo(int status)
    {
        // A 307 without a Location cannot be followed, but it still says the service did not act.
        using var stub = new StubServer(StubServer.Response(status, Json, """{"detail":"Nope"}"""));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.BadRequest, failure.Kind);
        Assert.Contains("No runs were started", failure.Message);
        Assert.Contains("-BaseUri", failure.Message);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task SuccessTooLargeToRead_IsOutcomeUnknown_NamingThePost()
    {
        using var stub = new StubServer(StubServer.Response(200, Json, new string(' ', 4096) + Started));
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxResponseBytes = 1024);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.TriggerOutcomeUnknown, failure.Kind);
        Assert.Contains($"POST {TriggerStarter.TestFlowPath} answered with a body larger than", failure.Message);
        Assert.DoesNotContain("GET ", failure.Message);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task RefusalTooLargeToRead_IsNotCalledUnknown()
    {
        using var stub = new StubServer(StubServer.Response(422, Json, new string(' ', 4096) + "{}"));
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxResponseBytes = 1024);

        var failure = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.StartsWith("POST ", failure.Message);
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("")]
    [InlineData("a\u0001b")]
    [InlineData("..")]
    public async Task UnusableTriggerIdInTheResponse_IsTriggerIdUnknown_NamingTheRuns(string id)
    {
        string body = $$"""{"message":"ok","test_runs":["tr_1","tr_2"],"trigger_id":{{System.Text.Json.JsonSerializer.Serialize(id)}}}""";
        using var stub = new StubServer(n => n == 0 ? StubServer.Response(200, Json, body) : StubRun("tr_1", "trig_1"));
        using var client = TestClients.Create(stub.BaseAddress);

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None);

        Assert.Null(start.trigger_id);
        var failure = start.GetTriggerIdFailure()!;
        Assert.Equal(PantoErrorKind.TriggerIdUnknown, failure.Kind);
        Assert.Contains("tr_1, tr_2", failure.Message);
        Assert.Contains("trigger_id in the response cannot be used", failure.Message);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("")]
    public async Task UnusableTriggerIdOnTheRun_IsTriggerIdUnknown(string id)
    {
        using var stub = new StubServer(n => n == 0 ? StubServer.Response(200, Json, Started) : StubRun("tr_1", id));
        using var client = TestClients.Create(stub.BaseAddress);

        var start = await Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None);

        Assert.Null(start.trigger_id);
        Assert.Equal(PantoErrorKind.TriggerIdUnknown, start.GetTriggerIdFailure()!.Kind);
        Assert.Contains("trigger_id of run 'tr_1' cannot be used: it is empty", start.GetTriggerIdFailure()!.Message);
    }
}

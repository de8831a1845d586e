using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Client.Tests.Infrastructure;
using static PantoQa.Client.Tests.Infrastructure.Triggers;

namespace PantoQa.Client.Tests;

/// <summary>
/// A 404 is the id's fault only when it carries the service's documented not-found answer for
/// that endpoint; any other 404 means the address reaches something else, and says so.
/// </summary>
public sealed class EndpointNotFoundTests
{
    public static TheoryData<string?, string> OtherAnswers => new()
    {
        { "text/html", "<html><body><h1>404 Not Found</h1></body></html>" },
        { "application/json", """{"detail":"Not Found"}""" },
        { "application/json", """{"message":"no route"}""" },
        { null, "" },
    };

    [Theory]
    [MemberData(nameof(OtherAnswers))]
    public async Task AnyOther404_IsEndpointNotFound_PointingAtTheBaseUri(string? contentType, string body)
    {
        using var stub = new StubServer(StubServer.Response(404, contentType, body));
        using var client = TestClients.Create(stub.BaseAddress);

        var run = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));
        var trigger = await Failures.OfAsync(() => client.GetTriggerRunsAsync("t1", CancellationToken.None));
        var start = await Failures.OfAsync(() => Starter(client).StartAsync(TriggerKind.TestFlow, FlowsOf("payments"), CancellationToken.None));

        foreach (var failure in new[] { run, trigger, start })
        {
            Assert.Equal(PantoErrorKind.EndpointNotFound, failure.Kind);
            Assert.Contains("-BaseUri", failure.Message);
            Assert.Contains(failure.RequestPath, failure.Message);
        }

        Assert.Contains("No runs were started", start.Message);
    }

    [Theory]
    [InlineData("/api/v1/qa/external/test-run/", """{"detail":"Test run not found"}""")]
    [InlineData("/api/v1/qa/external/test-runs-by-trigger/", """{"detail":"No test runs found for trigger id"}""")]
    public async Task TheDocumentedAnswer_IsTheIdsNotFound(string prefix, string body)
    {
        using var stub = new StubServer(StubServer.Response(404, "application/json", body));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = prefix == ApiPaths.TestRunPrefix
            ? await Failures.OfAsync(() => client.GetTestRunAsync("x", CancellationToken.None))
            : await Failures.OfAsync(() => client.GetTriggerRunsAsync("x", CancellationToken.None));

        Assert.Equal(PantoErrorKind.NotFound, failure.Kind);
    }

    [Fact]
    public async Task TheOtherEndpointsNotFoundAnswer_IsNotTheIdsNotFound()
    {
        using var stub = new StubServer(StubServer.Response(404, "application/json", """{"detail":"Test run not found"}"""));
        using var client = TestClients.Create(stub.BaseAddress);

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync("x", CancellationToken.None));

        Assert.Equal(PantoErrorKind.EndpointNotFound, failure.Kind);
    }
}

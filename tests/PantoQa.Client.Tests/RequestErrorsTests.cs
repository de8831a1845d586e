using System.Net;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;

namespace PantoQa.Client.Tests;

/// <summary>
/// Messages about an answer name the request by the method it was sent with, which the answer
/// carries: a POST's unreadable or refused answer must never read as a GET's in a CI log.
/// </summary>
public sealed class RequestErrorsTests
{
    private const string Path = "/api/v1/qa/external/test-flow/trigger";

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public void AnInvalidBody_NamesTheRealMethod(string method)
    {
        var failure = PantoClient.Invalid(Path, Answer(method, HttpStatusCode.OK), "is not JSON");

        Assert.StartsWith($"{method} {Path} answered HTTP 200, but the body is not JSON.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public void ARefusal_NamesTheRealMethod(string method)
    {
        var failure = ErrorMapping.FromStatus(Answer(method, HttpStatusCode.Forbidden), Path, 1, TimeSpan.FromSeconds(1), null, new Uri("http://localhost/"));

        Assert.Equal($"{method} {Path} answered HTTP 403: the key may not read this.", failure.Message);
    }

    private static ResponseSnapshot Answer(string method, HttpStatusCode status) =>
        new ResponseSnapshot(method, status, "text/plain", [], 0, null, attempt: 1);
}

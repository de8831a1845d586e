using System.Net;
using System.Net.Sockets;
using PantoQa.Client.Http;

namespace PantoQa.Client.Tests;

/// <summary>Which failed trigger POSTs may be sent again: only those the service cannot have acted on.</summary>
public sealed class PostRetryRuleTests
{
    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(503, true)]
    [InlineData(500, false)]
    [InlineData(502, false)]
    [InlineData(504, false)]
    [InlineData(507, false)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    public void OnlyStatusesThatRefuseTheRequest_AreResent(int status, bool resend)
    {
        Assert.Equal(resend, PostRetryRule.IsNotTaken((HttpStatusCode)status));
    }

    public static TheoryData<Exception, bool> Failures() => new()
    {
        { new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), true },
        { new HttpRequestException("no such host", new SocketException((int)SocketError.HostNotFound)), true },
        { new HttpRequestException(HttpRequestError.ConnectionError, "connect", new SocketException((int)SocketError.ConnectionRefused)), true },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "dns"), true },
        { new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)), false },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "ended", new IOException("The response ended prematurely.")), false },
        { new HttpRequestException("sending", new IOException("Unable to write", new SocketException((int)SocketError.ConnectionRefused))), false },
        { new IOException("Connection reset by peer"), false },
        { new AttemptTimedOutException(), false },
        { new HttpRequestException("unknown"), false },
        { new HttpRequestException("framework", new WebException("connect", WebExceptionStatus.ConnectFailure)), true },
        { new HttpRequestException("framework", new WebException("closed", WebExceptionStatus.ConnectionClosed)), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void OnlyFailuresBeforeSending_AreResent(Exception failure, bool resend)
    {
        Assert.Equal(resend, PostRetryRule.FailedBeforeSending(failure));
    }
}

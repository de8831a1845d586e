using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Polly;

namespace PantoQa.Client.Http;

/// <summary>
/// When a trigger POST may be sent again. A trigger starts paid device runs, so it is resent
/// only when the service cannot have acted on it: 408, 429 and 503 (the service says it did
/// not take the request), and a connection that failed before the request went out (refused,
/// unresolvable host, failed TLS handshake). Never after 500, 502 or 504, a timeout, or a
/// connection lost once the request was sent: the runs may have started.
/// </summary>
internal static class PostRetryRule
{
    internal static bool ShouldResend(Outcome<ResponseSnapshot> outcome)
    {
        if (outcome.Exception is { } failure)
        {
            // A failed handshake fails the same way again.
            return FailedBeforeSending(failure) && !ConnectionFailure.IsTlsHandshake(failure);
        }

        return outcome.Result is { } snapshot && IsNotTaken(snapshot.StatusCode);
    }

    internal static bool IsNotTaken(HttpStatusCode status)
    {
        int code = (int)status;
        return code == 408 || code == 429 || code == 503;
    }

    /// <summary>True only when the failure proves no byte of the request reached the service.</summary>
    internal static bool FailedBeforeSending(Exception failure)
    {
#if NET8_0_OR_GREATER
        if (failure is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
        {
            return true;
        }
#endif
        if (!(failure is HttpRequestException))
        {
            // An IOException on its own comes from reading or writing an open connection.
            return false;
        }

        for (var inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException socket:
                    return socket.SocketErrorCode == SocketError.ConnectionRefused
                        || socket.SocketErrorCode == SocketError.HostNotFound
                        || socket.SocketErrorCode == SocketError.HostUnreachable
                        || socket.SocketErrorCode == SocketError.NetworkUnreachable
                        || socket.SocketErrorCode == SocketError.TryAgain
                        || socket.SocketErrorCode == SocketError.NoData;
                case WebException web:
                    // .NET Framework's handler reports connection set-up this way.
                    return web.Status == WebExceptionStatus.ConnectFailure
                        || web.Status == WebExceptionStatus.NameResolutionFailure
                        || web.Status == WebExceptionStatus.ProxyNameResolutionFailure;
                case IOException _:
                    return false;
            }
        }

        return false;
    }
}

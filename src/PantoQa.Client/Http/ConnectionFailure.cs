using System;
using System.IO;
#if NET8_0_OR_GREATER
using System.Net.Http;
#endif
using System.Net.Sockets;
using System.Security.Authentication;

namespace PantoQa.Client.Http;

/// <summary>What a failed connection was, in the words a message needs.</summary>
internal static class ConnectionFailure
{
    /// <summary>
    /// True when the TLS handshake failed: most often an https:// address on a port that speaks
    /// plain HTTP. Asking again cannot help, so it is never retried.
    /// </summary>
    internal static bool IsTlsHandshake(Exception failure)
    {
#if NET8_0_OR_GREATER
        if (failure is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
        {
            return true;
        }
#endif
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One attempt's failure, short: "the connection was reset".</summary>
    internal static string Describe(Exception failure)
    {
        if (IsTlsHandshake(failure))
        {
            return "the TLS handshake failed";
        }

        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                        return "the connection was refused";
                    case SocketError.ConnectionReset:
                        return "the connection was reset";
                    case SocketError.HostNotFound:
                    case SocketError.NoData:
                    case SocketError.TryAgain:
                        return "the host name did not resolve";
                    case SocketError.TimedOut:
                        return "connecting timed out";
                    default:
                        return $"the connection failed ({socket.SocketErrorCode})";
                }
            }
        }

        return failure is IOException || failure.InnerException is IOException
            ? "the connection was lost before the answer ended"
            : "the connection failed";
    }
}

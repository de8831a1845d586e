using System;
using System.Net;

namespace PantoQa.Client.Http;

/// <summary>
/// A response read to its end within the size cap, so that a retry decision and the parse
/// happen after the connection is free again.
/// </summary>
internal sealed class ResponseSnapshot
{
    internal ResponseSnapshot(string method, HttpStatusCode statusCode, string? mediaType, byte[] body, int length, TimeSpan? retryAfter, int attempt)
    {
        Method = method;
        StatusCode = statusCode;
        MediaType = mediaType;
        Body = body;
        Length = length;
        RetryAfter = retryAfter;
        Attempt = attempt;
    }

    /// <summary>The method of the request this answers, so that a message about the answer names the request as it was sent.</summary>
    internal string Method { get; }

    internal HttpStatusCode StatusCode { get; }

    internal string? MediaType { get; }

    internal byte[] Body { get; }

    internal int Length { get; }

    internal TimeSpan? RetryAfter { get; }

    /// <summary>Which attempt got this response, so that errors found later still count every request.</summary>
    internal int Attempt { get; }

    /// <summary>
    /// The body without a UTF-8 byte order mark: some servers and proxies prepend one, and the
    /// span-based parser, unlike the stream-based one, would read it as garbage.
    /// </summary>
    internal ReadOnlyMemory<byte> Content =>
        Length >= 3 && Body[0] == 0xEF && Body[1] == 0xBB && Body[2] == 0xBF
            ? new ReadOnlyMemory<byte>(Body, 3, Length - 3)
            : new ReadOnlyMemory<byte>(Body, 0, Length);

    internal bool IsTransientStatus
    {
        get
        {
            int code = (int)StatusCode;
            return code == 408 || code == 429 || code >= 500;
        }
    }

    internal bool IsJson =>
        MediaType is not null
        && (MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}

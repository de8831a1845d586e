using System;
using System.Net;

namespace PantoQa.Client.Errors;

/// <summary>
/// A failed call. The message says what happened and what to do; it never holds the API key,
/// because requests carry the key only in a header and no header is ever quoted.
/// </summary>
public sealed class PantoApiException : Exception
{
    /// <summary>A failed call to <paramref name="requestPath"/>.</summary>
    /// <param name="message">Shown to the user as it is: what happened and what to do next.</param>
    /// <param name="attempts">Requests sent in all, retries included.</param>
    public PantoApiException(PantoErrorKind kind, string message, string requestPath, HttpStatusCode? statusCode = null,
        string? serviceMessage = null, int attempts = 1, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        RequestPath = requestPath;
        StatusCode = statusCode;
        ServiceMessage = serviceMessage;
        Attempts = attempts;
        RetryAfter = retryAfter;
    }

    /// <summary>What went wrong, for code that decides what to do next; the cmdlets choose their ErrorId and category by it.</summary>
    public PantoErrorKind Kind { get; }

    /// <summary>The escaped request path, for example /api/v1/qa/external/test-run/abc.</summary>
    public string RequestPath { get; }

    /// <summary>The status of the last answer; null when none came (a dropped connection, a timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The service's own words: the <c>detail</c> or <c>error</c> of its error body.</summary>
    public string? ServiceMessage { get; }

    /// <summary>How many requests were sent before giving up.</summary>
    public int Attempts { get; }

    /// <summary>How long the service asked callers to wait, already capped.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when waiting and asking again may succeed.</summary>
    public bool IsTransient =>
        Kind == PantoErrorKind.ServiceUnavailable || Kind == PantoErrorKind.Connection || Kind == PantoErrorKind.Timeout;
}

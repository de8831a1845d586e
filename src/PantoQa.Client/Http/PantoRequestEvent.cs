using System;
using System.Globalization;
using System.Net;

namespace PantoQa.Client.Http;

/// <summary>
/// One request's outcome, for verbose output. It names the path, never the key.
/// </summary>
public sealed class PantoRequestEvent
{
    /// <summary>One attempt's outcome; the client makes one per request it sends.</summary>
    /// <param name="maxRetries">The call's retry budget, for the "retry n of m" in <see cref="ToString"/>.</param>
    public PantoRequestEvent(string method, string path, int attempt, HttpStatusCode? statusCode, TimeSpan elapsed,
        string? failure = null, TimeSpan? retryDelay = null, int maxRetries = 0)
    {
        Method = method;
        Path = path;
        Attempt = attempt;
        StatusCode = statusCode;
        Elapsed = elapsed;
        Failure = failure;
        RetryDelay = retryDelay;
        MaxRetries = maxRetries;
    }

    /// <summary>The HTTP method: GET for reads, POST for triggers.</summary>
    public string Method { get; }

    /// <summary>The escaped request path without the host, for example /api/v1/qa/external/test-run/abc.</summary>
    public string Path { get; }

    /// <summary>1 for the first request, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The answer's status; null when none came, and <see cref="Failure"/> then says why.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>From sending the request to the end of its body, redirects included, or to its failure.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Why the attempt failed when it did not get an answer: drop, timeout.</summary>
    public string? Failure { get; }

    /// <summary>Set when another attempt follows after this delay.</summary>
    public TimeSpan? RetryDelay { get; }

    /// <summary>Retries the call may make after its first attempt.</summary>
    public int MaxRetries { get; }

    /// <summary>One verbose line: method, path, outcome, time, and the retry to come if there is one.</summary>
    public override string ToString()
    {
        string outcome = StatusCode is { } code
            ? ((int)code).ToString(CultureInfo.InvariantCulture) + " " + code
            : Failure ?? "no answer";
        string text = $"{Method} {Path} -> {outcome} in {Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
        if (Attempt > 1)
        {
            text += $" (attempt {Attempt})";
        }

        if (RetryDelay is { } delay)
        {
            text += $"; retry {Attempt} of {MaxRetries} in {delay.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
        }

        return text;
    }
}

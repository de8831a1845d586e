using System;
using System.Globalization;
using System.Net;

namespace PantoQa.Client.Http;

/// <summary>
/// One request's outcome, for verbose output. It names the path, never the key.
/// </summary>
public sealed class PantoRequestEvent
{
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

    public string Method { get; }

    public string Path { get; }

    /// <summary>1 for the first request, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    public HttpStatusCode? StatusCode { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Why the attempt failed when it did not get an answer: drop, timeout.</summary>
    public string? Failure { get; }

    /// <summary>Set when another attempt follows after this delay.</summary>
    public TimeSpan? RetryDelay { get; }

    public int MaxRetries { get; }

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

using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using PantoQa.Client.Http;
using PantoQa.Client.Json;

namespace PantoQa.Client.Errors;

/// <summary>Turns what the wire gave into an exception whose message says what to do next.</summary>
internal static class ErrorMapping
{
    /// <param name="history">What each attempt got (<see cref="AttemptHistory"/>), when known.</param>
    internal static PantoApiException FromFailure(Exception failure, string path, int attempts, TimeSpan timeout, string method, string? history = null)
    {
        if (ConnectionFailure.IsTlsHandshake(failure))
        {
            return RequestErrors.For(
                PantoErrorKind.Connection,
                method,
                path,
                $"failed: the TLS handshake failed ({Describe(failure)}). An https:// address on a port that speaks plain HTTP does this: use http:// for a local emulator, or the service's HTTPS address. It was not retried, since it fails the same way every time.",
                attempts: attempts,
                innerException: failure);
        }

        switch (failure)
        {
            case PantoApiException known:
                return known;
            case ArgumentException invalidKey when invalidKey.ParamName == "apiKey":
                // Raised before sending: the key source now yields a key that cannot go in a header.
                return new PantoApiException(PantoErrorKind.Unauthorized, invalidKey.Message, path, attempts: attempts);
            case AttemptTimedOutException _:
                return RequestErrors.For(
                    PantoErrorKind.Timeout,
                    method,
                    path,
                    $"did not complete within {timeout.TotalSeconds:0.###} s on any of {attempts} attempt(s). The service is slow or unreachable; try again later or allow more time.",
                    attempts: attempts,
                    innerException: failure);
            case HttpRequestException _:
            case IOException _:
                return RequestErrors.For(
                    PantoErrorKind.Connection,
                    method,
                    path,
                    $"failed on all {attempts} attempt(s): {(string.IsNullOrEmpty(history) ? ConnectionFailure.Describe(failure) : history)} ({Describe(failure)}). Check the base URI and the network, then try again.",
                    attempts: attempts,
                    innerException: failure);
            default:
                return RequestErrors.For(
                    PantoErrorKind.Connection,
                    method,
                    path,
                    $"failed: {failure.GetType().Name}. Try again; report it if it persists.",
                    attempts: attempts,
                    innerException: failure);
        }
    }

    /// <param name="apiKey">The key, if it can still be had, only to blank it out of the service's words.</param>
    /// <param name="baseUri">Where the path was sent, to name the address a 404 came from.</param>
    internal static PantoApiException FromStatus(ResponseSnapshot snapshot, string path, int attempts, TimeSpan maxRetryDelay, string? apiKey, Uri baseUri, string? history = null)
    {
        int code = (int)snapshot.StatusCode;
        string method = snapshot.Method;
        string? said = ServiceMessage(snapshot, apiKey);
        string quoted = said is null ? $"HTTP {code}" : $"HTTP {code}: {said}";
        switch (snapshot.StatusCode)
        {
            case HttpStatusCode.NotFound when IsDocumentedNotFound(path, said):
                return RequestErrors.For(PantoErrorKind.NotFound, method, path, $"answered {quoted}.", snapshot.StatusCode, said, attempts);
            case HttpStatusCode.NotFound:
                return EndpointNotFound(snapshot, path, attempts, said, baseUri, "");
            case HttpStatusCode.Unauthorized:
                return new PantoApiException(PantoErrorKind.Unauthorized, $"The service refused the API key ({quoted}).", path, snapshot.StatusCode, said, attempts);
            case HttpStatusCode.Forbidden:
                return RequestErrors.For(PantoErrorKind.Forbidden, method, path, $"answered {quoted}: the key may not read this.", snapshot.StatusCode, said, attempts);
        }

        if (snapshot.IsTransientStatus)
        {
            return RequestErrors.For(
                PantoErrorKind.ServiceUnavailable,
                method,
                path,
                $"still answered {quoted} after {attempts} attempt(s){(history is not null && history.Contains(", then ") ? $" ({history})" : "")}. The service is failing or overloaded; try again later, or allow more retries.",
                snapshot.StatusCode,
                said,
                attempts,
                // Callers wait this long before asking again; a day-long Retry-After must not stall them.
                snapshot.RetryAfter is { } wait ? RetryAfter.Cap(wait, maxRetryDelay) : (TimeSpan?)null);
        }

        return RequestErrors.For(PantoErrorKind.BadRequest, method, path, $"answered {quoted}.", snapshot.StatusCode, said, attempts);
    }

    /// <summary>
    /// A 404 that is not the service's answer for a missing id: the request reached another
    /// server, or another path of it, so the base URI is what to check.
    /// </summary>
    internal static PantoApiException EndpointNotFound(ResponseSnapshot snapshot, string path, int attempts, string? said, Uri baseUri, string consequence)
    {
        string url = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + path;
        string answered = said is null ? $"HTTP 404 ({snapshot.MediaType ?? "no content type"})" : $"HTTP 404: {said}";
        return RequestErrors.For(
            PantoErrorKind.EndpointNotFound,
            snapshot.Method,
            path,
            $"answered {answered}, which is not the Panto QA API's answer for a missing id: the address does not reach the API.{consequence} Check -BaseUri (Connect-PantoQa or PANTO_BASE_URI): it is the service's root, such as https://qa-app.getpanto.ai, without /api/v1.",
            snapshot.StatusCode,
            said,
            attempts,
            address: url);
    }

    // The not-found bodies the API documents, one per read endpoint.
    private static bool IsDocumentedNotFound(string path, string? said)
    {
        string? detail = said?.Trim().TrimEnd('.');
        return (path.StartsWith(ApiPaths.TestRunPrefix, StringComparison.Ordinal) && string.Equals(detail, "Test run not found", StringComparison.OrdinalIgnoreCase))
            || (path.StartsWith(ApiPaths.TriggerRunsPrefix, StringComparison.Ordinal) && string.Equals(detail, "No test runs found for trigger id", StringComparison.OrdinalIgnoreCase));
    }

    internal static string? ServiceMessage(ResponseSnapshot snapshot, string? apiKey)
    {
        if (!snapshot.IsJson || snapshot.Length == 0)
        {
            return null;
        }

        try
        {
            var body = JsonSerializer.Deserialize(snapshot.Content.Span, PantoJsonContext.Default.ErrorBody);
            string? text = body?.detail ?? body?.error;
            if (text is null)
            {
                return null;
            }

            return Scrub(text, apiKey);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The service's words, fit to quote: never the key, one short line.</summary>
    internal static string Scrub(string text, string? apiKey)
    {
        // Some services and proxies echo the key they refuse; messages end up in CI logs.
        if (!string.IsNullOrEmpty(apiKey))
        {
            text = text.Replace(apiKey, "****");
        }

        return Clip(text.Replace('\r', ' ').Replace('\n', ' '), 300);
    }

    private static string Describe(Exception failure)
    {
        var inner = failure;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return Clip(inner.Message, 200);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "...";
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using PantoQa.Client.Http;
using PantoQa.Client.Models;

namespace PantoQa.Client.Errors;

/// <summary>
/// What a failed trigger request means. Unlike a read, a trigger may have started paid runs
/// even when it failed, so every message says whether runs may have started.
/// </summary>
internal static class TriggerErrors
{
    /// <param name="failure">The exception the last attempt ended with.</param>
    /// <param name="method">The method the request was sent with.</param>
    internal static PantoApiException FromFailure(Exception failure, string method, string path, int attempts, PantoClientOptions options, TriggerRequest request, string? history = null)
    {
        bool unsent = PostRetryRule.FailedBeforeSending(failure);
        if (failure is AttemptTimedOutException || (!unsent && (failure is HttpRequestException || failure is IOException)))
        {
            string what = failure is AttemptTimedOutException
                ? $"got no answer within {options.Timeout.TotalSeconds:0.###} s"
                : "lost the connection after the request was sent";
            return RequestErrors.For(
                PantoErrorKind.TriggerOutcomeUnknown,
                method,
                path,
                $"{what}, so it is not known whether runs of build '{request.AppId}' started. It was not sent again, so that runs are never started twice. {CheckHint(request)}",
                attempts: attempts,
                innerException: failure);
        }

        // The answer came but its body could not be read (over the cap, longer than declared):
        // unless the status was a refusal, the service may well have started the runs.
        if (failure is PantoApiException { Kind: PantoErrorKind.InvalidResponse } unread && !IsClientError(unread.StatusCode))
        {
            string status = unread.StatusCode is { } code ? $"HTTP {(int)code}" : "an answer";
            return RequestErrors.For(
                PantoErrorKind.TriggerOutcomeUnknown,
                method,
                path,
                $"answered {status} whose body could not be read ({unread.Message}), so it is not known whether runs of build '{request.AppId}' started. It was not sent again, so that runs are never started twice. {CheckHint(request)}",
                unread.StatusCode,
                attempts: attempts,
                innerException: failure);
        }

        return ErrorMapping.FromFailure(failure, path, attempts, options.Timeout, method, history);
    }

    /// <summary>
    /// A 2xx whose body is not the documented trigger answer: the service took the request, so
    /// runs may have started, but which is not known.
    /// </summary>
    internal static PantoApiException UnreadableSuccess(ResponseSnapshot snapshot, string path, TriggerRequest request, string problem) =>
        RequestErrors.For(
            PantoErrorKind.TriggerOutcomeUnknown,
            snapshot.Method,
            path,
            $"answered HTTP {(int)snapshot.StatusCode}, so runs of build '{request.AppId}' may have started, but the body {problem} and their ids are not known. It was not sent again, so that runs are never started twice. {CheckHint(request)}",
            snapshot.StatusCode,
            attempts: snapshot.Attempt);

    internal static PantoApiException FromStatus(ResponseSnapshot snapshot, string path, int attempts, PantoClientOptions options, string? apiKey, TriggerRequest request, TriggerKind kind, string? history = null)
    {
        int code = (int)snapshot.StatusCode;
        if (snapshot.StatusCode == HttpStatusCode.NotFound)
        {
            return NotFound(snapshot, path, attempts, apiKey, request, kind, options.BaseUri);
        }

        if (code >= 300 && code < 400 && code != 307 && code != 308)
        {
            // Not followed (see AttemptState): a redirect after a POST may answer a request the
            // service carried out, and following it would send the trigger again.
            return RequestErrors.For(
                PantoErrorKind.TriggerOutcomeUnknown,
                snapshot.Method,
                path,
                $"answered HTTP {code}, a redirect that was not followed: the service may have acted on the request before redirecting, so it is not known whether runs of build '{request.AppId}' started. It was not sent again, so that runs are never started twice. {CheckHint(request)} If the base URI moved, update -BaseUri.",
                snapshot.StatusCode,
                attempts: attempts);
        }

        if (code == 307 || code == 308 || code == 405 || code == 501)
        {
            // Definitive: the address does not take this request (a 307 or 308 without a
            // Location cannot be followed), so the service did not act on it.
            string? refusal = ErrorMapping.ServiceMessage(snapshot, apiKey);
            return RequestErrors.For(
                PantoErrorKind.BadRequest,
                snapshot.Method,
                path,
                $"answered HTTP {code}{(refusal is null ? "" : ": " + refusal)}: that address does not take trigger requests. No runs were started. Check -BaseUri (Connect-PantoQa); it is the service's root, such as https://qa-app.getpanto.ai.",
                snapshot.StatusCode,
                refusal,
                attempts);
        }

        if (code == 400 || code == 422)
        {
            var messages = ServiceMessages(snapshot, apiKey);
            string said = messages.Count == 0 ? $"HTTP {code}" : $"HTTP {code}: {string.Join("; ", messages)}";
            return new PantoApiException(
                PantoErrorKind.BadRequest,
                $"The service rejected the trigger request for build '{request.AppId}' ({said}). No runs were started; correct the request and send it again.",
                path,
                snapshot.StatusCode,
                messages.Count == 0 ? null : string.Join("; ", messages),
                attempts);
        }

        if (code >= 500 && !PostRetryRule.IsNotTaken(snapshot.StatusCode))
        {
            string? said = ErrorMapping.ServiceMessage(snapshot, apiKey);
            return RequestErrors.For(
                PantoErrorKind.TriggerOutcomeUnknown,
                snapshot.Method,
                path,
                $"answered HTTP {code}{(said is null ? "" : ": " + said)}, so it is not known whether runs of build '{request.AppId}' started. It was not sent again, so that runs are never started twice. {CheckHint(request)}",
                snapshot.StatusCode,
                said,
                attempts);
        }

        return ErrorMapping.FromStatus(snapshot, path, attempts, options.MaxRetryDelay, apiKey, options.BaseUri, history);
    }

    private static PantoApiException NotFound(ResponseSnapshot snapshot, string path, int attempts, string? apiKey, TriggerRequest request, TriggerKind kind, Uri baseUri)
    {
        string? said = ErrorMapping.ServiceMessage(snapshot, apiKey);
        string quoted = said ?? "Not Found";
        PantoErrorKind errorKind;
        string message;
        if (Is(said, "Build file not found"))
        {
            errorKind = PantoErrorKind.BuildNotFound;
            message = $"The service has no build '{request.AppId}' (it said '{quoted}'). Check the app id: a run's build_file_id names its build.";
        }
        else if (Is(said, "Environment not found"))
        {
            errorKind = PantoErrorKind.EnvironmentNotFound;
            message = $"The service has no environment named '{request.EnvName}' (it said '{quoted}'). Check the name; leave it out to use none.";
        }
        else if (Is(said, "Context not found"))
        {
            errorKind = PantoErrorKind.ContextNotFound;
            message = $"The service has no context named '{request.ContextName}' (it said '{quoted}'). Check the name; leave it out to use none.";
        }
        else if (said is not null && said.StartsWith("No test ", StringComparison.OrdinalIgnoreCase))
        {
            errorKind = PantoErrorKind.NoMatchingTests;
            string what = kind == TriggerKind.TestFlow ? "test flows" : "test suites";
            message = $"No {what} match {request.Tags} (the service said '{quoted}'). Tag names and values compare exactly; check them in the Panto QA app.";
        }
        else
        {
            return ErrorMapping.EndpointNotFound(snapshot, path, attempts, said, baseUri, " No runs were started.");
        }

        return new PantoApiException(errorKind, message + " No runs were started.", path, snapshot.StatusCode, said, attempts);
    }

    /// <summary>
    /// Every message of an error body: <c>{"detail": "..."}</c>, <c>{"error": "..."}</c>, or
    /// FastAPI's <c>{"detail": [{"loc": [...], "msg": "..."}]}</c> as "tags.include: msg".
    /// </summary>
    internal static IReadOnlyList<string> ServiceMessages(ResponseSnapshot snapshot, string? apiKey)
    {
        var messages = new List<string>();
        if (!snapshot.IsJson || snapshot.Length == 0)
        {
            return messages;
        }

        try
        {
            using var document = JsonDocument.Parse(snapshot.Content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return messages;
            }

            foreach (var name in new[] { "detail", "error" })
            {
                if (!root.TryGetProperty(name, out var value))
                {
                    continue;
                }

                if (value.ValueKind == JsonValueKind.String)
                {
                    messages.Add(ErrorMapping.Scrub(value.GetString()!, apiKey));
                }
                else if (value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in value.EnumerateArray())
                    {
                        if (Describe(item) is { } text)
                        {
                            messages.Add(ErrorMapping.Scrub(text, apiKey));
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return messages;
    }

    private static string? Describe(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            return item.GetString();
        }

        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        if (!item.TryGetProperty("loc", out var loc) || loc.ValueKind != JsonValueKind.Array)
        {
            return msg.GetString();
        }

        // "body" says only that the problem is in the request body, which every one is.
        var parts = loc.EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText())
            .Where((p, i) => !(i == 0 && p == "body"))
            .ToList();
        return parts.Count == 0 ? msg.GetString() : $"{string.Join(".", parts)}: {msg.GetString()}";
    }

    private static bool IsClientError(HttpStatusCode? status) => status is { } code && (int)code >= 400 && (int)code < 500;

    private static bool Is(string? said, string detail) => string.Equals(said?.Trim().TrimEnd('.'), detail, StringComparison.OrdinalIgnoreCase);

    private static string CheckHint(TriggerRequest request) =>
        $"Check in the Panto QA app for runs of build '{request.AppId}' started just now before sending it again.";
}

using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Json;
using PantoQa.Client.Models;
using Polly;

namespace PantoQa.Client.Http;

/// <summary>
/// Calls the Test Runs API: one pooled HttpClient, a bounded retry pipeline, and errors mapped
/// to <see cref="PantoApiException"/>. Safe to share across threads.
/// </summary>
public sealed class PantoClient : IDisposable
{
    private readonly ApiTransport _transport;
    private readonly ResiliencePipeline<ResponseSnapshot> _pipeline;
    private readonly ResiliencePipeline<ResponseSnapshot> _postPipeline;

    /// <param name="options">Where to call and how patiently.</param>
    /// <param name="apiKey">
    /// Asked for the key at each request, so that the caller can keep it encrypted at rest
    /// and this client never stores it.
    /// </param>
    public PantoClient(PantoClientOptions options, Func<string> apiKey)
    {
        options.Validate();
        Options = options;
        _transport = new ApiTransport(options, apiKey);
        _pipeline = RetryPipeline.Build(options);
        _postPipeline = RetryPipeline.Build(options, PostRetryRule.ShouldResend);
    }

    /// <summary>The options the client was made with, checked by the constructor.</summary>
    public PantoClientOptions Options { get; }

    /// <summary>GET test-run/{id}.</summary>
    public async Task<TestRun> GetTestRunAsync(string id, CancellationToken cancellationToken, Action<PantoRequestEvent>? observer = null)
    {
        string path = ApiPaths.TestRun(id);
        var snapshot = await SendAsync(path, observer, cancellationToken).ConfigureAwait(false);
        var body = Parse(snapshot, path, PantoJsonContext.Default.TestRunBody);
        return body?.test_run ?? throw Invalid(path, snapshot, "has no test_run object");
    }

    /// <summary>GET test-runs-by-trigger/{trigger_id}, with the counts filled in.</summary>
    public async Task<TriggerResult> GetTriggerRunsAsync(string triggerId, CancellationToken cancellationToken, Action<PantoRequestEvent>? observer = null)
    {
        var runs = await ReadTriggerRunsAsync(triggerId, cancellationToken, observer).ConfigureAwait(false);
        return runs.ToResult();
    }

    /// <summary>
    /// GET test-runs-by-trigger/{trigger_id} for a caller that passes the runs on one at a
    /// time: the body is checked as by <see cref="GetTriggerRunsAsync"/>, but each run becomes
    /// an object only when it is enumerated.
    /// </summary>
    public async Task<TriggerRunReader> ReadTriggerRunsAsync(string triggerId, CancellationToken cancellationToken, Action<PantoRequestEvent>? observer = null)
    {
        string path = ApiPaths.TriggerRuns(triggerId);
        var snapshot = await SendAsync(path, observer, cancellationToken).ConfigureAwait(false);
        RequireJson(snapshot, path);
        try
        {
            return OpenTriggerRuns(snapshot, path, triggerId);
        }
        catch (JsonException ex)
        {
            throw NotDocumented(path, snapshot, ex);
        }
    }

    /// <summary>
    /// Checks a trigger body, with its shape problems reported as invalid answers to
    /// <paramref name="path"/>; malformed JSON is left to the caller as a JsonException.
    /// </summary>
    internal static TriggerRunReader OpenTriggerRuns(ResponseSnapshot snapshot, string path, string triggerId) =>
        TriggerRunReader.Open(snapshot.Content, triggerId, problem => Invalid(path, snapshot, problem));

    /// <summary>Releases the HttpClient and its pooled connections.</summary>
    public void Dispose() => _transport.Dispose();

    /// <summary>The base URI only: a client's text never shows the key.</summary>
    public override string ToString() => $"PantoClient {Options.BaseUri}";

    private async Task<ResponseSnapshot> SendAsync(string path, Action<PantoRequestEvent>? observer, CancellationToken cancellationToken)
    {
        var attempt = new AttemptState(_transport, path, observer);
        var outcome = await ExecuteAsync(attempt, _pipeline, cancellationToken).ConfigureAwait(false);
        if (outcome.Exception is { } failure)
        {
            throw ErrorMapping.FromFailure(failure, path, attempt.Count, Options.Timeout, attempt.Method, attempt.History.ToString());
        }

        var snapshot = outcome.Result!;
        if ((int)snapshot.StatusCode >= 200 && (int)snapshot.StatusCode < 300)
        {
            return snapshot;
        }

        throw ErrorMapping.FromStatus(snapshot, path, attempt.Count, Options.MaxRetryDelay, KeyOrNull(), Options.BaseUri, history: attempt.History.ToString());
    }

    /// <summary>
    /// POSTs <paramref name="body"/> under the trigger retry rule (<see cref="PostRetryRule"/>)
    /// and hands back what happened, unmapped: what a failed trigger means is the caller's to say.
    /// </summary>
    internal async Task<(Outcome<ResponseSnapshot> Outcome, string Method, int Attempts, string History)> PostAsync(string path, byte[] body, Action<PantoRequestEvent>? observer, CancellationToken cancellationToken)
    {
        var attempt = new AttemptState(_transport, path, observer, HttpMethod.Post, body);
        var outcome = await ExecuteAsync(attempt, _postPipeline, cancellationToken).ConfigureAwait(false);
        return (outcome, attempt.Method, attempt.Count, attempt.History.ToString());
    }

    private static async Task<Outcome<ResponseSnapshot>> ExecuteAsync(AttemptState attempt, ResiliencePipeline<ResponseSnapshot> pipeline, CancellationToken cancellationToken)
    {
        var outcome = await pipeline.RunAsync(attempt, cancellationToken).ConfigureAwait(false);
        // An answer that arrived is kept even when the caller cancels just after: for a trigger
        // POST it may be the only record that runs started. Only a call that got no answer is
        // reported as cancelled.
        if (outcome.Exception is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return outcome;
    }

    internal string? KeyOrNull()
    {
        try
        {
            return _transport.ApiKey();
        }
        catch (Exception)
        {
            // The key is wanted only to scrub it from an error; failing to get it must not
            // replace that error with another.
            return null;
        }
    }

    private static T? Parse<T>(ResponseSnapshot snapshot, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        RequireJson(snapshot, path);
        try
        {
            return JsonSerializer.Deserialize(snapshot.Content.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            throw NotDocumented(path, snapshot, ex);
        }
    }

    private static void RequireJson(ResponseSnapshot snapshot, string path)
    {
        if (!snapshot.IsJson)
        {
            throw Invalid(path, snapshot, $"is {snapshot.MediaType ?? "untyped"} content, not JSON");
        }
    }

    // The parser's own text quotes the payload; the position is all a user needs.
    private static PantoApiException NotDocumented(string path, ResponseSnapshot snapshot, JsonException ex)
    {
        string where = ex.BytePositionInLine is { } column ? $" near line {ex.LineNumber + 1}, byte {column + 1}" : "";
        return Invalid(path, snapshot, $"is not the documented JSON{where} (truncated, malformed or of another shape)");
    }

    internal static PantoApiException Invalid(string path, ResponseSnapshot snapshot, string problem) =>
        RequestErrors.For(
            PantoErrorKind.InvalidResponse,
            snapshot.Method,
            path,
            $"answered HTTP {(int)snapshot.StatusCode}, but the body {problem}. The service or a proxy in between sent something unexpected; try again, and report it if it persists.",
            snapshot.StatusCode,
            attempts: snapshot.Attempt);
}

using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Json;
using PantoQa.Client.Models;
using Polly;

namespace PantoQa.Client.Http
{
    /// <summary>
    /// Calls the Test Runs API: one pooled HttpClient, a bounded retry pipeline, and errors mapped
    /// to <see cref="PantoApiException"/>. Safe to share across threads.
    /// </summary>
    public sealed class PantoClient : IDisposable
    {
        private const string KeyHeader = "X-PANTO-API-KEY";

        private readonly HttpClient _http;
        private readonly Func<string> _apiKey;
        private readonly ResiliencePipeline<ResponseSnapshot> _pipeline;
        private readonly ResiliencePipeline<ResponseSnapshot> _postPipeline;
        private readonly string _origin;
        private readonly string _basePath;

        /// <param name="options">Where to call and how patiently.</param>
        /// <param name="apiKey">
        /// Asked for the key at each request, so that the caller can keep it encrypted at rest
        /// and this client never stores it.
        /// </param>
        public PantoClient(PantoClientOptions options, Func<string> apiKey)
        {
            options.Validate();
            Options = options;
            _apiKey = apiKey;
            _http = HttpClientFactory.Create(options);
            _pipeline = RetryPipeline.Build(options);
            _postPipeline = RetryPipeline.Build(options, PostRetryRule.ShouldResend);
            _origin = options.BaseUri.GetLeftPart(UriPartial.Authority);
            _basePath = options.BaseUri.AbsolutePath.TrimEnd('/');
        }

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
            string path = ApiPaths.TriggerRuns(triggerId);
            var snapshot = await SendAsync(path, observer, cancellationToken).ConfigureAwait(false);
            var result = Parse(snapshot, path, PantoJsonContext.Default.TriggerResult) ?? throw Invalid(path, snapshot, "is null");
            if (result.test_runs is null || Array.IndexOf(result.test_runs, null) >= 0)
            {
                throw Invalid(path, snapshot, "has no test_runs array of runs");
            }

            if (result.status is null)
            {
                throw Invalid(path, snapshot, "has no aggregate status");
            }

            result.trigger_id = triggerId;
            return result;
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
                return TriggerRunReader.Open(snapshot, path, triggerId);
            }
            catch (JsonException ex)
            {
                throw NotDocumented(path, snapshot, ex);
            }
        }

        public void Dispose() => _http.Dispose();

        public override string ToString() => $"PantoClient {Options.BaseUri}";

        private async Task<ResponseSnapshot> SendAsync(string path, Action<PantoRequestEvent>? observer, CancellationToken cancellationToken)
        {
            var attempt = new AttemptState(this, path, observer);
            var outcome = await ExecuteAsync(attempt, _pipeline, cancellationToken).ConfigureAwait(false);
            if (outcome.Exception is { } failure)
            {
                throw ErrorMapping.FromFailure(failure, path, attempt.Count, Options.Timeout);
            }

            var snapshot = outcome.Result!;
            if ((int)snapshot.StatusCode >= 200 && (int)snapshot.StatusCode < 300)
            {
                return snapshot;
            }

            throw ErrorMapping.FromStatus(snapshot, path, attempt.Count, Options.MaxRetryDelay, KeyOrNull());
        }

        /// <summary>
        /// POSTs <paramref name="body"/> under the trigger retry rule (<see cref="PostRetryRule"/>)
        /// and hands back what happened, unmapped: what a failed trigger means is the caller's to say.
        /// </summary>
        internal async Task<(Outcome<ResponseSnapshot> Outcome, int Attempts)> PostAsync(string path, byte[] body, Action<PantoRequestEvent>? observer, CancellationToken cancellationToken)
        {
            var attempt = new AttemptState(this, path, observer, HttpMethod.Post, body);
            var outcome = await ExecuteAsync(attempt, _postPipeline, cancellationToken).ConfigureAwait(false);
            return (outcome, attempt.Count);
        }

        private static async Task<Outcome<ResponseSnapshot>> ExecuteAsync(AttemptState attempt, ResiliencePipeline<ResponseSnapshot> pipeline, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RetryPipeline.AttemptKey, attempt);
            Outcome<ResponseSnapshot> outcome;
            try
            {
                outcome = await pipeline.ExecuteOutcomeAsync(
                    static async (ctx, state) =>
                    {
                        try
                        {
                            return Outcome.FromResult(await state.RunAsync(ctx.CancellationToken).ConfigureAwait(false));
                        }
                        catch (Exception ex)
                        {
                            return Outcome.FromException<ResponseSnapshot>(ex);
                        }
                    },
                    context,
                    attempt).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            attempt.Report(retryDelay: null);
            cancellationToken.ThrowIfCancellationRequested();
            return outcome;
        }

        internal string? KeyOrNull()
        {
            try
            {
                return _apiKey();
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
            new PantoApiException(
                PantoErrorKind.InvalidResponse,
                $"GET {path} answered HTTP {(int)snapshot.StatusCode}, but the body {problem}. The service or a proxy in between sent something unexpected; try again, and report it if it persists.",
                path,
                snapshot.StatusCode,
                attempts: snapshot.Attempt);

        /// <summary>One call's attempts: sends, follows same-origin redirects, reads the body.</summary>
        internal sealed class AttemptState
        {
            private const int MaxRedirects = 5;
            private readonly PantoClient _client;
            private readonly Action<PantoRequestEvent>? _observer;
            private readonly HttpMethod _method;
            private readonly byte[]? _body;
            private PantoRequestEvent? _last;

            internal AttemptState(PantoClient client, string path, Action<PantoRequestEvent>? observer, HttpMethod? method = null, byte[]? body = null)
            {
                _client = client;
                Path = path;
                _observer = observer;
                _method = method ?? HttpMethod.Get;
                _body = body;
            }

            internal string Path { get; }

            internal int Count { get; private set; }

            internal async Task<ResponseSnapshot> RunAsync(CancellationToken cancellationToken)
            {
                Count++;
                var watch = Stopwatch.StartNew();
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(_client.Options.Timeout);
                try
                {
                    var snapshot = await SendFollowingRedirectsAsync(deadline.Token).ConfigureAwait(false);
                    _last = new PantoRequestEvent(_method.Method, Path, Count, snapshot.StatusCode, watch.Elapsed, maxRetries: _client.Options.MaxRetries);
                    return snapshot;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _last = new PantoRequestEvent(_method.Method, Path, Count, null, watch.Elapsed, "timed out", maxRetries: _client.Options.MaxRetries);
                    throw new AttemptTimedOutException();
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is System.IO.IOException)
                {
                    _last = new PantoRequestEvent(_method.Method, Path, Count, null, watch.Elapsed, "connection failed", maxRetries: _client.Options.MaxRetries);
                    throw;
                }
            }

            internal void Report(TimeSpan? retryDelay)
            {
                if (_last is null || _observer is null)
                {
                    return;
                }

                _observer(retryDelay is null
                    ? _last
                    : new PantoRequestEvent(_last.Method, _last.Path, _last.Attempt, _last.StatusCode, _last.Elapsed, _last.Failure, retryDelay, _last.MaxRetries));
                _last = null;
            }

            private async Task<ResponseSnapshot> SendFollowingRedirectsAsync(CancellationToken cancellationToken)
            {
                var uri = new Uri(_client._origin + _client._basePath + Path);
                for (int hop = 0; ; hop++)
                {
                    using var request = new HttpRequestMessage(_method, uri);
                    if (_body is not null)
                    {
                        request.Content = new ByteArrayContent(_body);
                        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    }

                    string key = _client._apiKey();
                    ApiKeyRules.Validate(key);
                    request.Headers.TryAddWithoutValidation(KeyHeader, key);
                    request.Headers.Accept.ParseAdd("application/json");
                    using var response = await _client._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    int code = (int)response.StatusCode;
                    if (code >= 300 && code < 400 && response.Headers.Location is { } location)
                    {
                        var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
                        if (!string.Equals(target.GetLeftPart(UriPartial.Authority), _client._origin, StringComparison.OrdinalIgnoreCase))
                        {
                            throw new PantoApiException(
                                PantoErrorKind.Redirect,
                                // Scheme and authority only: a Location may carry user info, which must not be quoted.
                                $"{_method.Method} {Path} was redirected to {target.Scheme}://{target.Authority}, another host. The redirect was not followed, so the API key was not sent there; check the base URI.",
                                Path,
                                response.StatusCode,
                                attempts: Count);
                        }

                        if (hop >= MaxRedirects)
                        {
                            throw new PantoApiException(PantoErrorKind.Redirect, $"{_method.Method} {Path} was redirected more than {MaxRedirects} times; check the base URI.", Path, response.StatusCode, attempts: Count);
                        }

                        uri = target;
                        continue;
                    }

                    var (body, length) = await BoundedBodyReader.ReadAsync(response.Content, _client.Options.MaxResponseBytes, Path, Count, cancellationToken).ConfigureAwait(false);
                    return new ResponseSnapshot(
                        response.StatusCode,
                        response.Content.Headers.ContentType?.MediaType,
                        body,
                        length,
                        RetryAfter.From(response.Headers, DateTimeOffset.UtcNow),
                        Count);
                }
            }
        }
    }
}

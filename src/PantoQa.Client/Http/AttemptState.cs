using System;
using PantoQa.Client.Timing;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;

namespace PantoQa.Client.Http;

/// <summary>One call's attempts: sends, follows the same-origin redirects it may, reads the body.</summary>
internal sealed class AttemptState
{
    private const int MaxRedirects = 5;
    private readonly ApiTransport _transport;
    private readonly Action<PantoRequestEvent>? _observer;
    private readonly HttpMethod _method;
    private readonly byte[]? _body;
    private PantoRequestEvent? _last;

    internal AttemptState(ApiTransport transport, string path, Action<PantoRequestEvent>? observer, HttpMethod? method = null, byte[]? body = null)
    {
        _transport = transport;
        Path = path;
        _observer = observer;
        _method = method ?? HttpMethod.Get;
        _body = body;
    }

    internal string Path { get; }

    /// <summary>The method every attempt is sent with, for messages about the request.</summary>
    internal string Method => _method.Method;

    internal int Count { get; private set; }

    /// <summary>What each attempt got, for the message of a call that failed after retries.</summary>
    internal AttemptHistory History { get; } = new AttemptHistory();

    internal async Task<ResponseSnapshot> RunAsync(CancellationToken cancellationToken)
    {
        Count++;
        var time = _transport.Options.TimeProvider;
        long started = time.GetTimestamp();
        using var timeout = time.CancelAfter(_transport.Options.Timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var snapshot = await SendFollowingRedirectsAsync(deadline.Token).ConfigureAwait(false);
            _last = new PantoRequestEvent(Method, Path, Count, snapshot.StatusCode, time.GetElapsedTime(started), maxRetries: _transport.Options.MaxRetries);
            History.Add($"HTTP {(int)snapshot.StatusCode}");
            return snapshot;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _last = new PantoRequestEvent(Method, Path, Count, null, time.GetElapsedTime(started), "timed out", maxRetries: _transport.Options.MaxRetries);
            History.Add("no answer in time");
            throw new AttemptTimedOutException();
        }
        catch (Exception ex) when (ex is HttpRequestException || ex is System.IO.IOException)
        {
            _last = new PantoRequestEvent(Method, Path, Count, null, time.GetElapsedTime(started), "connection failed", maxRetries: _transport.Options.MaxRetries);
            History.Add(ConnectionFailure.Describe(ex));
            throw;
        }
    }

    /// <summary>
    /// Hands the last attempt to the observer, once: with the delay before the next attempt, or
    /// without one after the last. Only <see cref="RetryPipeline"/> knows which, so only it calls this.
    /// </summary>
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

    // A GET follows any redirect within the origin. A POST follows only 307 and 308, which ask
    // for the same request elsewhere and so say the service did not act on it; 301, 302 and
    // 303 answer a request it may have carried out (303 says it did), so sending the body
    // again could start every run twice. Those answers go back to the caller unfollowed.
    private bool MayFollow(int code) => _method != HttpMethod.Post || code == 307 || code == 308;

    private async Task<ResponseSnapshot> SendFollowingRedirectsAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(_transport.Origin + _transport.BasePath + Path);
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(_method, uri);
            if (_body is not null)
            {
                request.Content = new ByteArrayContent(_body);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            }

            string key = _transport.ApiKey();
            ApiKeyRules.Validate(key);
            request.Headers.TryAddWithoutValidation(ApiTransport.KeyHeader, key);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _transport.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            int code = (int)response.StatusCode;
            if (code >= 300 && code < 400 && response.Headers.Location is { } location && MayFollow(code))
            {
                var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (!string.Equals(target.GetLeftPart(UriPartial.Authority), _transport.Origin, StringComparison.OrdinalIgnoreCase))
                {
                    throw RequestErrors.For(
                        PantoErrorKind.Redirect,
                        Method,
                        Path,
                        // Scheme and authority only: a Location may carry user info, which must not be quoted.
                        $"was redirected to {target.Scheme}://{target.Authority}, another host. The redirect was not followed, so the API key was not sent there; check the base URI.",
                        response.StatusCode,
                        attempts: Count);
                }

                if (hop >= MaxRedirects)
                {
                    throw RequestErrors.For(PantoErrorKind.Redirect, Method, Path, $"was redirected more than {MaxRedirects} times; check the base URI.", response.StatusCode, attempts: Count);
                }

                uri = target;
                continue;
            }

            var (body, length) = await BoundedBodyReader.ReadAsync(response.Content, _transport.Options.MaxResponseBytes, Method, Path, response.StatusCode, Count, cancellationToken).ConfigureAwait(false);
            return new ResponseSnapshot(
                Method,
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                body,
                length,
                RetryAfter.From(response.Headers, _transport.Options.TimeProvider.GetUtcNow()),
                Count);
        }
    }
}

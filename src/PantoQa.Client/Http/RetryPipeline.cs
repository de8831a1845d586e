using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace PantoQa.Client.Http;

/// <summary>
/// The retry policy: transient failures only (408, 429, 5xx, drops, per-attempt timeouts),
/// exponential backoff with jitter, the service's Retry-After honoured but capped, and at most
/// MaxRetries retries. 400, 401, 403 and 404 are answers, not failures, and are never retried.
/// It runs a call's attempts, so it alone knows when an attempt is over and whether another
/// follows: it is the one place that reports attempts to the request observer.
/// </summary>
internal static class RetryPipeline
{
    private static readonly ResiliencePropertyKey<AttemptState> AttemptKey = new ResiliencePropertyKey<AttemptState>("panto.attempt");

    internal static ResiliencePipeline<ResponseSnapshot> Build(PantoClientOptions options) => Build(options, IsTransient);

    /// <param name="shouldRetry">Which outcomes are worth another attempt; the budget, delays and caps are the same for every rule.</param>
    internal static ResiliencePipeline<ResponseSnapshot> Build(PantoClientOptions options, Func<Outcome<ResponseSnapshot>, bool> shouldRetry)
    {
        var builder = new ResiliencePipelineBuilder<ResponseSnapshot> { TimeProvider = options.TimeProvider };
        if (options.MaxRetries == 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<ResponseSnapshot>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = args => new ValueTask<bool>(shouldRetry(args.Outcome)),
            DelayGenerator = args => new ValueTask<TimeSpan?>(
                args.Outcome.Result?.RetryAfter is { } wait ? RetryAfter.Cap(wait, options.MaxRetryDelay) : (TimeSpan?)null),
            OnRetry = args =>
            {
                if (args.Context.Properties.TryGetValue(AttemptKey, out var attempt))
                {
                    attempt.Report(args.RetryDelay);
                }

                return default;
            },
        }).Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> under <paramref name="pipeline"/> and reports its last
    /// attempt; the ones before it were reported, with their delay, as each was retried.
    /// </summary>
    internal static async Task<Outcome<ResponseSnapshot>> RunAsync(this ResiliencePipeline<ResponseSnapshot> pipeline, AttemptState attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptKey, attempt);
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
        return outcome;
    }

    private static bool IsTransient(Outcome<ResponseSnapshot> outcome)
    {
        if (outcome.Exception is { } ex)
        {
            return (ex is HttpRequestException || ex is IOException || ex is AttemptTimedOutException) && !ConnectionFailure.IsTlsHandshake(ex);
        }

        return outcome.Result is { IsTransientStatus: true };
    }
}

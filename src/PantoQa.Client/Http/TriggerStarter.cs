using System;
using PantoQa.Client.Timing;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Json;
using PantoQa.Client.Models;

namespace PantoQa.Client.Http;

/// <summary>
/// Starts test flows or suites and learns the trigger id of the runs they started, so that a
/// caller can wait for them straight away. One trigger request is one POST, resent only when
/// the service cannot have acted on it (see <see cref="PostRetryRule"/>).
/// </summary>
public sealed class TriggerStarter
{
    /// <summary>POST test-flow/trigger: starts root test flows.</summary>
    public const string TestFlowPath = "/api/v1/qa/external/test-flow/trigger";

    /// <summary>POST testsuite/trigger: starts test suites.</summary>
    public const string TestSuitePath = "/api/v1/qa/external/testsuite/trigger";

    private readonly PantoClient _client;

    /// <summary>Sends through <paramref name="client"/>, with its base URI, key, timeouts and retry bounds.</summary>
    public TriggerStarter(PantoClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <summary>
    /// How long a new run may answer 404 before its trigger id is given up on. The service may
    /// take a moment to show runs it has just created.
    /// </summary>
    public TimeSpan TriggerIdWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause between reads of a new run that answered 404.</summary>
    public TimeSpan TriggerIdPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Sends the trigger request and returns once the first new run can be read, with the
    /// trigger id from the response or, failing that, from that run. If the id cannot be
    /// learned, <see cref="TriggerStart.trigger_id"/> is null and
    /// <see cref="TriggerStart.GetTriggerIdFailure"/> says why: the runs did start.
    /// </summary>
    /// <exception cref="PantoApiException">The trigger failed; its kind says whether runs may have started.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<TriggerStart> StartAsync(TriggerKind kind, TriggerRequest request, CancellationToken cancellationToken, Action<PantoRequestEvent>? observer = null)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (TriggerIdWait < TimeSpan.Zero || TriggerIdPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("The trigger id wait must be zero or more and its poll interval positive.", nameof(TriggerIdWait));
        }

        string path = kind == TriggerKind.TestFlow ? TestFlowPath : TestSuitePath;
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(TriggerRequestBody.From(request), PantoJsonContext.Default.TriggerRequestBody);
        var (outcome, method, attempts, history) = await _client.PostAsync(path, body, observer, cancellationToken).ConfigureAwait(false);
        if (outcome.Exception is { } failure)
        {
            throw TriggerErrors.FromFailure(failure, method, path, attempts, _client.Options, request, history);
        }

        var snapshot = outcome.Result!;
        if ((int)snapshot.StatusCode < 200 || (int)snapshot.StatusCode >= 300)
        {
            throw TriggerErrors.FromStatus(snapshot, path, attempts, _client.Options, _client.KeyOrNull(), request, kind, history);
        }

        var start = Parse(snapshot, path, request);
        // A learned id is checked like one typed in: a blank or unusable id would otherwise
        // fail only later, in the wait, where nothing would say which runs it stood for.
        if (start.trigger_id is not null && ApiPaths.Validate(start.trigger_id) is { } unusable)
        {
            start.trigger_id = null;
            start.TriggerIdFailure = IdUnknown(start, path, $"the trigger_id in the response cannot be used: {unusable}", null);
            return start;
        }

        try
        {
            await LearnTriggerIdAsync(start, path, observer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The runs did start: a stop during the lookup must not lose that.
            if (start.trigger_id is null)
            {
                start.TriggerIdFailure = IdUnknown(start, path, "the command was stopped before it was read", null);
            }
        }

        return start;
    }

    private static TriggerStart Parse(ResponseSnapshot snapshot, string path, TriggerRequest request)
    {
        string problem;
        if (!snapshot.IsJson)
        {
            problem = $"is {snapshot.MediaType ?? "untyped"} content, not JSON";
        }
        else
        {
            try
            {
                var start = JsonSerializer.Deserialize(snapshot.Content.Span, PantoJsonContext.Default.TriggerStart);
                if (start is not null && Array.IndexOf(start.test_runs, null) < 0)
                {
                    return start;
                }

                problem = "has no test_runs list of run ids";
            }
            catch (JsonException)
            {
                problem = "is not the documented JSON (truncated, malformed or of another shape)";
            }
        }

        throw TriggerErrors.UnreadableSuccess(snapshot, path, request, problem);
    }

    private async Task LearnTriggerIdAsync(TriggerStart start, string path, Action<PantoRequestEvent>? observer, CancellationToken cancellationToken)
    {
        if (start.test_runs.Length == 0)
        {
            if (start.trigger_id is null)
            {
                start.TriggerIdFailure = IdUnknown(start, path, "the service listed no runs to read it from", null);
            }

            return;
        }

        string first = start.test_runs[0];
        var time = _client.Options.TimeProvider;
        long waited = time.GetTimestamp();
        while (true)
        {
            PantoApiException notYet;
            try
            {
                var run = await _client.GetTestRunAsync(first, cancellationToken, observer).ConfigureAwait(false);
                if (start.trigger_id is null)
                {
                    if (ApiPaths.Validate(run.trigger_id) is { } unusable)
                    {
                        start.TriggerIdFailure = IdUnknown(start, path, $"the trigger_id of run '{first}' cannot be used: {unusable}", null);
                    }
                    else
                    {
                        start.trigger_id = run.trigger_id;
                    }
                }

                return;
            }
            catch (PantoApiException ex) when (ex.Kind == PantoErrorKind.NotFound)
            {
                notYet = ex;
            }
            catch (PantoApiException ex)
            {
                if (start.trigger_id is null)
                {
                    start.TriggerIdFailure = IdUnknown(start, path, $"reading run '{first}' failed: {ex.Message}", ex);
                }

                return;
            }
            catch (ArgumentException ex)
            {
                // A run id no request can carry; the service's own ids never look like that.
                if (start.trigger_id is null)
                {
                    start.TriggerIdFailure = IdUnknown(start, path, ex.Message, ex);
                }

                return;
            }

            var left = TriggerIdWait - time.GetElapsedTime(waited);
            if (left <= TimeSpan.Zero)
            {
                // With the id from the response the runs can still be waited for; the service is only slow to show them.
                if (start.trigger_id is null)
                {
                    start.TriggerIdFailure = IdUnknown(start, path, $"run '{first}' still answered 404 after {TriggerIdWait.TotalSeconds:0.###} s", notYet);
                }

                return;
            }

            await time.DelayAsync(left < TriggerIdPollInterval ? left : TriggerIdPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static PantoApiException IdUnknown(TriggerStart start, string path, string why, Exception? cause) =>
        new PantoApiException(
            PantoErrorKind.TriggerIdUnknown,
            $"The trigger started {start.test_runs.Length} run(s) ({string.Join(", ", start.test_runs)}), but their trigger id is not known: {why}. Do not send the trigger again; read the runs by id, or find the trigger in the Panto QA app.",
            path,
            innerException: cause);
}

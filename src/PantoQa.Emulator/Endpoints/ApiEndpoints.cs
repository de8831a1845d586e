using PantoQa.Emulator.Payloads;
using PantoQa.Emulator.Store;
using PantoQa.Emulator.Triggers;

namespace PantoQa.Emulator.Endpoints;

/// <summary>A complete answer to an /api request, worked out before anything is written so faults can reshape it.</summary>
internal readonly record struct ApiAnswer(int StatusCode, byte[] Body, string? Allow = null);

/// <summary>
/// The two Test Runs endpoints and the two trigger endpoints, in the order the service checks
/// things: the route, then the API key, then the body, then the lookup. An unknown route is 404
/// without a key, as in the real service.
/// </summary>
internal sealed class ApiEndpoints(RunStore store, TimeProvider clock, TriggerSettingsInForce triggerSettings)
{
    public const string ApiKeyHeader = "X-PANTO-API-KEY";

    private readonly TriggerEndpoint _triggers = new(store, triggerSettings);

    /// <param name="body">The request body, read in full beforehand so that faults can act on it too.</param>
    public ApiAnswer Answer(HttpContext context, string rawPath, ReadOnlyMemory<byte> body)
    {
        var route = ApiRoute.Match(rawPath);
        if (route.Endpoint == ApiEndpoint.None)
        {
            return new ApiAnswer(StatusCodes.Status404NotFound, ErrorBodies.NotFound);
        }

        var method = route.IsTrigger ? HttpMethods.Post : HttpMethods.Get;
        if (!string.Equals(context.Request.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return new ApiAnswer(StatusCodes.Status405MethodNotAllowed, ErrorBodies.MethodNotAllowed, method);
        }

        var now = clock.GetUtcNow();
        var keys = context.Request.Headers[ApiKeyHeader];
        if (keys.Count != 1 || keys[0] is not { } key || !store.IsKeyValid(key, now))
        {
            return new ApiAnswer(StatusCodes.Status401Unauthorized, ErrorBodies.InvalidApiKey);
        }

        return route.Endpoint switch
        {
            ApiEndpoint.TestRun => store.FindRun(route.Id) is { } run && run.VisibleFrom <= now
                ? new ApiAnswer(StatusCodes.Status200OK, RunPayloads.RunResponse(run, now))
                : new ApiAnswer(StatusCodes.Status404NotFound, ErrorBodies.RunNotFound),
            ApiEndpoint.TestFlowTrigger => _triggers.Answer(TriggerTarget.Flows, body, now),
            ApiEndpoint.TestSuiteTrigger => _triggers.Answer(TriggerTarget.Suites, body, now),
            _ => store.FindTrigger(route.Id) is { } trigger && trigger.VisibleFrom <= now
                ? new ApiAnswer(StatusCodes.Status200OK, RunPayloads.TriggerResponse(trigger, now))
                : new ApiAnswer(StatusCodes.Status404NotFound, ErrorBodies.TriggerNotFound),
        };
    }

    public static Task WriteAsync(HttpContext context, ApiAnswer answer)
    {
        if (answer.Allow is { } allow)
        {
            context.Response.Headers.Allow = allow;
        }

        return Responses.WriteAsync(context, answer.StatusCode, answer.Body);
    }
}

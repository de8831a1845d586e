using PantoQa.Emulator.Faults;
using PantoQa.Emulator.Requests;

namespace PantoQa.Emulator.Endpoints;

/// <summary>
/// Every /api request, known route or not: counted, offered to the fault injector first (before
/// even the key check, as a failing proxy or server would), then answered.
/// </summary>
internal sealed class ApiHandler(ApiEndpoints endpoints, FaultInjector faults, FaultResponder responder, ServerStats stats)
{
    public async Task HandleAsync(HttpContext context, string pathAndQuery)
    {
        stats.CountRequest();
        try
        {
            await AnswerAsync(context, pathAndQuery);
        }
        finally
        {
            stats.EndRequest();
        }
    }

    private Task AnswerAsync(HttpContext context, string pathAndQuery)
    {
        var path = RequestTarget.PathOf(pathAndQuery);
        if (faults.Next() is { } fault)
        {
            stats.CountFault(fault.Kind);
            RequestTags.SetFault(context, fault.Kind);
            return responder.ServeAsync(context, fault, pathAndQuery, () => endpoints.Answer(context, path));
        }

        return ApiEndpoints.WriteAsync(context, endpoints.Answer(context, path));
    }
}

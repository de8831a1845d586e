using PantoQa.Emulator.Faults;
using PantoQa.Emulator.Payloads;
using PantoQa.Emulator.Requests;

namespace PantoQa.Emulator.Endpoints;

/// <summary>
/// Every /api request, known route or not: counted, its body read, offered to the fault
/// injector first (before even the key check, as a failing proxy or server would), then answered.
/// </summary>
internal sealed class ApiHandler(ApiEndpoints endpoints, FaultInjector faults, FaultResponder responder, ServerStats stats)
{
    // Trigger requests are a few hundred bytes; a body far larger is no request the API takes.
    private const int MaxBodyBytes = 1024 * 1024;

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

    private async Task AnswerAsync(HttpContext context, string pathAndQuery)
    {
        var path = RequestTarget.PathOf(pathAndQuery);
        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            await Responses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorBodies.TooLarge);
            return;
        }

        if (!SameOriginRedirect.IsFollowed(pathAndQuery) && faults.Next(context.Request.Method) is { } fault)
        {
            stats.CountFault(fault.Kind);
            RequestTags.SetFault(context, fault.Kind);
            await responder.ServeAsync(context, fault, pathAndQuery, () => endpoints.Answer(context, path, body));
            return;
        }

        await ApiEndpoints.WriteAsync(context, endpoints.Answer(context, path, body));
    }

    /// <returns>null when the body is over the limit.</returns>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 || (context.Request.ContentLength is null && !HttpMethods.IsPost(context.Request.Method)))
        {
            return [];
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

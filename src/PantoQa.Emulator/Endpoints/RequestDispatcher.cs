using PantoQa.Emulator.Payloads;

namespace PantoQa.Emulator.Endpoints;

/// <summary>
/// Sends each request to /api, /_emulator or 404 by its raw path. ASP.NET routing is not used:
/// it matches the normalized path, and "/x/../_emulator/reset" must not reach the reset endpoint.
/// </summary>
internal sealed class RequestDispatcher(ApiHandler api, ControlEndpoints control)
{
    public Task HandleAsync(HttpContext context)
    {
        var pathAndQuery = RequestTarget.PathAndQuery(RequestTarget.Raw(context));
        var path = RequestTarget.PathOf(pathAndQuery);
        if (RequestTarget.IsApi(path))
        {
            return api.HandleAsync(context, pathAndQuery);
        }

        return control.TryHandle(context, path, out var handled)
            ? handled
            : Responses.WriteAsync(context, StatusCodes.Status404NotFound, ErrorBodies.NotFound);
    }
}

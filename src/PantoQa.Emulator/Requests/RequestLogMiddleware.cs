using PantoQa.Emulator.Endpoints;

namespace PantoQa.Emulator.Requests;

/// <summary>Logs every request once it is over, with the status the client actually got.</summary>
internal sealed class RequestLogMiddleware(RequestLog log, TimeProvider wallClock)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = wallClock.GetUtcNow();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var response = context.Response;
            int? status = response.HasStarted ? response.StatusCode
                : context.RequestAborted.IsCancellationRequested || RequestTags.Dropped(context) ? null
                : failed ? StatusCodes.Status500InternalServerError
                : response.StatusCode;
            log.Add(
                started,
                context.Request.Method,
                RequestTarget.Raw(context),
                status,
                RequestTags.Fault(context),
                context.Request.Headers.ContainsKey(ApiEndpoints.ApiKeyHeader));
        }
    }
}

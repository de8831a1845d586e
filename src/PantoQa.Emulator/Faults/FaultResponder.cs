using System.Globalization;
using PantoQa.Emulator.Endpoints;
using PantoQa.Emulator.Requests;

namespace PantoQa.Emulator.Faults;

/// <summary>
/// Serves a request the way a failing or hostile server would. Each kind is what the client's
/// robustness tests need to see; README "Fault injection" says what each one sends.
/// Waits end when the client leaves or the emulator stops, whichever comes first, so a hung
/// request never holds up shutdown.
/// </summary>
internal sealed class FaultResponder(TimeProvider wallClock, CancellationToken stopping)
{
    private const string Html = "text/html; charset=utf-8";
    private const string Text = "text/plain; charset=utf-8";

    private static readonly byte[] BadRequest = """{"detail":"Bad Request"}"""u8.ToArray();
    private static readonly byte[] Forbidden = """{"detail":"Forbidden"}"""u8.ToArray();
    private static readonly byte[] InternalServerError = """{"detail":"Internal Server Error"}"""u8.ToArray();
    private static readonly byte[] ServiceUnavailable = """{"detail":"Service Unavailable"}"""u8.ToArray();
    private static readonly byte[] TooManyRequests = """{"detail":"Too Many Requests"}"""u8.ToArray();
    private static readonly byte[] BadGateway = ProxyPage("502 Bad Gateway");
    private static readonly byte[] GatewayTimeout = ProxyPage("504 Gateway Time-out");
    private static readonly byte[] NotJson = "Upstream temporarily unavailable, please try again later.\n"u8.ToArray();
    private static readonly byte[] LoginPage =
        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method=\"post\" action=\"/login\"><input name=\"user\"><input name=\"password\" type=\"password\"></form></body></html>\n"u8.ToArray();
    private static readonly byte[] Null = "null"u8.ToArray();
    private static readonly byte[] RunNotObject = """{"test_run":[]}"""u8.ToArray();
    private static readonly byte[] RunsNotArray = """{"test_runs":{"a":1},"status":"passed"}"""u8.ToArray();
    private static readonly byte[] EndlessStart = """{"test_runs":["""u8.ToArray();
    private static readonly byte[] EndlessChunk = EndlessRuns(16 * 1024);
    private static readonly Lazy<byte[]> DeepJson = new(() => Nested(100_000));

    // 1 GiB announced, a few bytes sent: a client that trusts Content-Length would try to allocate it all.
    private const long HugeLength = 1L << 30;

    public async Task ServeAsync(HttpContext context, FaultDecision fault, string pathAndQuery, Func<ApiAnswer> answer)
    {
        using var goneOrStopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancelled = goneOrStopping.Token;
        var response = context.Response;
        switch (fault.Kind)
        {
            // Answers, not failures: a client must give up on them at once, never retry.
            case FaultKinds.BadRequest:
                await Responses.WriteAsync(context, 400, BadRequest);
                break;
            case FaultKinds.Forbidden:
                await Responses.WriteAsync(context, 403, Forbidden);
                break;
            case FaultKinds.Error500:
                await Responses.WriteAsync(context, 500, InternalServerError);
                break;
            case FaultKinds.Error502:
                await Responses.WriteAsync(context, 502, BadGateway, Html);
                break;
            case FaultKinds.Error503:
                await Responses.WriteAsync(context, 503, ServiceUnavailable);
                break;
            case FaultKinds.Error504:
                await Responses.WriteAsync(context, 504, GatewayTimeout, Html);
                break;
            case FaultKinds.TooManyRequests:
                response.Headers.RetryAfter = fault.Config.RetryAfter;
                await Responses.WriteAsync(context, 429, TooManyRequests);
                break;
            case FaultKinds.TooManyRequestsDate:
                // Real time, not the emulator clock: the client compares the date with its own clock.
                // HTTP-dates drop the fraction, so this lands between one and two seconds ahead.
                response.Headers.RetryAfter = wallClock.GetUtcNow().AddSeconds(2).ToString("R", CultureInfo.InvariantCulture);
                await Responses.WriteAsync(context, 429, TooManyRequests);
                break;
            case FaultKinds.Delay:
                if (await WaitAsync(TimeSpan.FromMilliseconds(fault.Config.DelayMs), cancelled))
                {
                    await ApiEndpoints.WriteAsync(context, answer());
                }

                break;
            case FaultKinds.Drop:
                Drop(context);
                break;
            case FaultKinds.ActThenDrop:
                // The request takes effect (a trigger starts its runs), but the client never learns it.
                _ = answer();
                Drop(context);
                break;
            case FaultKinds.Truncate:
                var whole = answer().Body;
                await Responses.WriteAsync(context, 200, whole[..(whole.Length / 2)]);
                break;
            case FaultKinds.NonJson:
                // Labelled JSON on purpose: the client has to notice at parse time, not from the header.
                await Responses.WriteAsync(context, 200, NotJson);
                break;
            case FaultKinds.Html:
                await Responses.WriteAsync(context, 200, LoginPage, Html);
                break;
            case FaultKinds.WrongContentType:
                var normal = answer();
                await Responses.WriteAsync(context, normal.StatusCode, normal.Body, Text);
                break;
            case FaultKinds.EndlessBody:
                await StreamForeverAsync(context, cancelled);
                break;
            case FaultKinds.HugeLength:
                response.StatusCode = 200;
                response.ContentType = Responses.Json;
                response.ContentLength = HugeLength;
                await response.Body.WriteAsync(EndlessStart);
                await response.Body.FlushAsync();
                await StallAsync(context, cancelled);
                break;
            case FaultKinds.Hang:
                await StallAsync(context, cancelled);
                break;
            case FaultKinds.DeepJson:
                await Responses.WriteAsync(context, 200, DeepJson.Value);
                break;
            case FaultKinds.NullJson:
                await Responses.WriteAsync(context, 200, Null);
                break;
            case FaultKinds.RunsNotArray:
                var isRunEndpoint = ApiRoute.Match(RequestTarget.PathOf(pathAndQuery)).Endpoint == ApiEndpoint.TestRun;
                await Responses.WriteAsync(context, 200, isRunEndpoint ? RunNotObject : RunsNotArray);
                break;
            case FaultKinds.Redirect:
                response.StatusCode = 302;
                response.Headers.Location = fault.Config.RedirectTo + pathAndQuery;
                response.ContentLength = 0;
                break;
            case FaultKinds.Redirect301 or FaultKinds.Redirect302 or FaultKinds.Redirect303 or FaultKinds.Redirect307 or FaultKinds.Redirect308:
                if (SameOriginRedirect.CarriesOutFirst(fault.Kind, context.Request.Method))
                {
                    _ = answer();
                }

                response.StatusCode = SameOriginRedirect.StatusOf(fault.Kind);
                response.Headers.Location = SameOriginRedirect.Location(context, pathAndQuery);
                response.ContentLength = 0;
                break;
            default:
                throw new InvalidOperationException($"Fault kind '{fault.Kind}' has no response.");
        }
    }

    private static void Drop(HttpContext context)
    {
        RequestTags.SetDropped(context);
        context.Abort();
    }

    private static async Task StreamForeverAsync(HttpContext context, CancellationToken cancelled)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = Responses.Json;
        try
        {
            var result = await response.BodyWriter.WriteAsync(EndlessStart, cancelled);
            while (!result.IsCompleted && !result.IsCanceled && !cancelled.IsCancellationRequested)
            {
                result = await response.BodyWriter.WriteAsync(EndlessChunk, cancelled);
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Never let the body end cleanly: a final chunk would make the cut-off JSON look complete.
        context.Abort();
    }

    /// <summary>Holds the request open until the client gives up, then makes sure nothing more is sent.</summary>
    private static async Task StallAsync(HttpContext context, CancellationToken cancelled)
    {
        await WaitAsync(Timeout.InfiniteTimeSpan, cancelled);
        context.Abort();
    }

    /// <returns>false if the client went away while waiting.</returns>
    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(delay, aborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static byte[] ProxyPage(string title) =>
        System.Text.Encoding.UTF8.GetBytes(
            $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");

    private static byte[] EndlessRuns(int size)
    {
        var item = """{"id":"endless","runner_status":"in_process"},"""u8;
        var chunk = new byte[size / item.Length * item.Length];
        for (var offset = 0; offset < chunk.Length; offset += item.Length)
        {
            item.CopyTo(chunk.AsSpan(offset));
        }

        return chunk;
    }

    private static byte[] Nested(int depth)
    {
        var json = new byte[depth * 2];
        json.AsSpan(0, depth).Fill((byte)'[');
        json.AsSpan(depth).Fill((byte)']');
        return json;
    }
}

namespace PantoQa.Emulator.Endpoints;

internal static class Responses
{
    public const string Json = "application/json";

    public static Task WriteAsync(HttpContext context, int statusCode, byte[] body, string contentType = Json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}

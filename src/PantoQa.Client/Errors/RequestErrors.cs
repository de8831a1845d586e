using System;
using System.Net;

namespace PantoQa.Client.Errors;

/// <summary>
/// The one builder of the client's messages about a request: each opens with the request as it
/// was sent, its real method and its path (or the address it reached), then says what happened
/// to it and what to do. The method is always the caller's, never assumed: a POST read as a
/// GET in a CI log hides that runs may have started.
/// </summary>
internal static class RequestErrors
{
    /// <param name="happened">What happened to the request and what to do, following its name: "answered HTTP 404."</param>
    /// <param name="address">How to name the request when the path alone does not say where it went: its full URL.</param>
    internal static PantoApiException For(PantoErrorKind kind, string method, string path, string happened, HttpStatusCode? status = null,
        string? said = null, int attempts = 1, TimeSpan? retryAfter = null, Exception? innerException = null, string? address = null) =>
        new PantoApiException(kind, $"{method} {address ?? path} {happened}", path, status, said, attempts, retryAfter, innerException);
}

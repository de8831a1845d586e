namespace PantoQa.Emulator.Faults;

/// <summary>
/// The redirect-301 … redirect-308 faults: a redirect to the same path on the same origin, marked
/// with a query parameter so that the request a client sends after following it is answered
/// normally. For 301, 302 and 303 the request was carried out before the redirect, as by a
/// service that acts and then redirects to a result page; for 307 and 308 it was not.
/// </summary>
internal static class SameOriginRedirect
{
    public const string Marker = "panto_redirected=1";

    /// <summary>Whether a request followed one of these redirects; such a request is never faulted, nor numbered in the sequence.</summary>
    public static bool IsFollowed(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?');
        return query >= 0 && pathAndQuery[(query + 1)..].Split('&').Contains(Marker, StringComparer.Ordinal);
    }

    public static int StatusOf(string kind) => kind switch
    {
        FaultKinds.Redirect301 => StatusCodes.Status301MovedPermanently,
        FaultKinds.Redirect302 => StatusCodes.Status302Found,
        FaultKinds.Redirect303 => StatusCodes.Status303SeeOther,
        FaultKinds.Redirect307 => StatusCodes.Status307TemporaryRedirect,
        FaultKinds.Redirect308 => StatusCodes.Status308PermanentRedirect,
        _ => throw new ArgumentException($"'{kind}' is no same-origin redirect.", nameof(kind)),
    };

    /// <summary>
    /// 301, 302 and 303 may turn the client's next request into a GET, so a service sends them
    /// after acting; 307 and 308 ask for the same request again, so it has not acted. A GET or
    /// HEAD has nothing to carry out.
    /// </summary>
    public static bool CarriesOutFirst(string kind, string method) =>
        StatusOf(kind) is StatusCodes.Status301MovedPermanently or StatusCodes.Status302Found or StatusCodes.Status303SeeOther
        && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);

    /// <summary>The origin the client addressed (its Host header), the same path and query, and the marker.</summary>
    public static string Location(HttpContext context, string pathAndQuery)
    {
        var separator = pathAndQuery.Contains('?') ? '&' : '?';
        var target = pathAndQuery + separator + Marker;
        // HTTP/1.0 may come without a Host; a relative reference names the same origin too.
        return context.Request.Host.HasValue ? $"{context.Request.Scheme}://{context.Request.Host}{target}" : target;
    }
}

using Microsoft.AspNetCore.Http.Features;

namespace PantoQa.Emulator.Endpoints;

/// <summary>
/// The request target exactly as it came over the wire. Kestrel's Request.Path has already
/// resolved dot segments and decoded most escapes; matching on the raw target instead keeps an
/// id like "a%2Fb" or ".." inside its own segment, so no id can ever reach another endpoint.
/// </summary>
internal static class RequestTarget
{
    public static string Raw(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget
        ?? context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();

    /// <summary>Path and query of a raw target, turning the absolute form ("http://h/p?q") into "/p?q".</summary>
    public static string PathAndQuery(string rawTarget)
    {
        if (rawTarget.StartsWith('/'))
        {
            return rawTarget;
        }

        var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return rawTarget;
        }

        var authorityEnd = rawTarget.IndexOfAny(['/', '?'], scheme + 3);
        return authorityEnd < 0 ? "/"
            : rawTarget[authorityEnd] == '?' ? "/" + rawTarget[authorityEnd..]
            : rawTarget[authorityEnd..];
    }

    public static string PathOf(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }

    public static bool IsApi(string path) => path == "/api" || path.StartsWith("/api/", StringComparison.Ordinal);
}

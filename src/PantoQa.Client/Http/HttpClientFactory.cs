#if NET
using System;
#endif
using System.Net;
using System.Net.Http;

namespace PantoQa.Client.Http;

/// <summary>
/// One HttpClient per session, reused for every call so connections are pooled. Redirects
/// are never followed automatically: the handler would carry the key header to any host.
/// </summary>
internal static class HttpClientFactory
{
    /// <summary>
    /// Connections to the service at once. At least the largest -ThrottleLimit, so that no
    /// request ever queues for a free connection: a per-attempt timeout then measures the
    /// request itself, never the wait for a connection.
    /// </summary>
    internal const int MaxConnectionsPerServer = 64;

    internal static HttpClient Create(PantoClientOptions options)
    {
#if NET
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            // Long-lived sessions must notice DNS changes behind the service name.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            MaxConnectionsPerServer = MaxConnectionsPerServer,
            UseCookies = false,
        };
#else
        TlsProtocols.EnsureModern();
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            // .NET Framework allows 2 connections per server unless told otherwise, which
            // would cap -ThrottleLimit 8 at 2 and make requests wait out their timeout in
            // the queue. Set on the handler, it applies to this client's requests only.
            MaxConnectionsPerServer = MaxConnectionsPerServer,
            UseCookies = false,
        };
#endif
        if (options.Proxy is { } proxy)
        {
            handler.UseProxy = true;
            // UseDefaultCredentials = false would clear Credentials, so only one is set.
            handler.Proxy = options.ProxyUseDefaultCredentials
                ? new WebProxy(proxy) { UseDefaultCredentials = true }
                : new WebProxy(proxy) { Credentials = options.ProxyCredentials };
        }

        var client = new HttpClient(handler, disposeHandler: true)
        {
            // Each attempt has its own deadline, covering the body too.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent ?? PantoClientOptions.DefaultUserAgent);
        return client;
    }
}

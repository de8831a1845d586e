using System;
using System.Net;
using System.Net.Http;

namespace PantoQa.Client
{
    /// <summary>
    /// One HttpClient per session, reused for every call so connections are pooled. Redirects
    /// are never followed automatically: the handler would carry the key header to any host.
    /// </summary>
    internal static class HttpClientFactory
    {
        internal static HttpClient Create()
        {
#if NET
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
                // Long-lived sessions must notice DNS changes behind the service name.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(15),
                UseCookies = false,
            };
#else
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseCookies = false,
            };
#endif
            return new HttpClient(handler, disposeHandler: true)
            {
                // Each attempt has its own deadline, covering the body too.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }
    }
}

using System;
using System.Net.Http;

namespace PantoQa.Client.Http;

/// <summary>
/// What every attempt of every call of one client needs to send a request: the pooled
/// HttpClient, where to send it, the key and the limits.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    internal const string KeyHeader = "X-PANTO-API-KEY";

    private readonly Func<string> _apiKey;

    internal ApiTransport(PantoClientOptions options, Func<string> apiKey)
    {
        Options = options;
        _apiKey = apiKey;
        Http = HttpClientFactory.Create(options);
        Origin = options.BaseUri.GetLeftPart(UriPartial.Authority);
        BasePath = options.BaseUri.AbsolutePath.TrimEnd('/');
    }

    internal PantoClientOptions Options { get; }

    internal HttpClient Http { get; }

    /// <summary>Scheme and authority; a redirect is followed only within it.</summary>
    internal string Origin { get; }

    internal string BasePath { get; }

    /// <summary>Asks the caller for the key; it is never stored here.</summary>
    internal string ApiKey() => _apiKey();

    public void Dispose() => Http.Dispose();
}

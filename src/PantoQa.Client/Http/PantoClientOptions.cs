using System;
using System.Net;
using PantoQa.Client.Timing;

namespace PantoQa.Client.Http;

/// <summary>Where to call and how patiently.</summary>
public sealed class PantoClientOptions
{
    /// <summary>The Panto QA service, used when no other base URI is given.</summary>
    public static readonly Uri DefaultBaseUri = new Uri("https://qa-app.getpanto.ai");

    /// <summary>The service root; https, or http to a loopback address (the emulator).</summary>
    public Uri BaseUri { get; set; } = DefaultBaseUri;

    /// <summary>Retries after the first attempt for transient failures: 408, 429, 5xx, drops, timeouts.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The clock every timeout, backoff, Retry-After and wait is measured on: the system's in a
    /// session, a fake one in tests, so schedules are tested without waiting for them.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = Clock.System;

    /// <summary>Per-attempt limit, covering the headers and the whole body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First backoff delay; later ones double, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest the client waits between attempts, whether from backoff or from the
    /// service's Retry-After, so that a <c>Retry-After: 86400</c> cannot stall a CI job.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bodies larger than this are refused rather than buffered.</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The User-Agent of every request. The caller adds its own product tokens (the cmdlets
    /// add PowerShell's); null sends <see cref="DefaultUserAgent"/>.
    /// </summary>
    public string? UserAgent { get; set; }

    /// <summary>An explicit http(s) proxy; null uses the system's or environment's proxy.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for <see cref="Proxy"/>, sent only when the proxy asks (407).</summary>
    public ICredentials? ProxyCredentials { get; set; }

    /// <summary>Answer the proxy's challenge with the user's own logon credentials.</summary>
    public bool ProxyUseDefaultCredentials { get; set; }

    /// <summary>The most retries <see cref="Validate"/> accepts, so that a failing call always ends in bounded time.</summary>
    public const int MaxRetriesLimit = 100;

    /// <summary>PantoQa/&lt;client version&gt;, from the assembly's informational version.</summary>
    public static string DefaultUserAgent => "PantoQa/" + ProductVersion.Of(typeof(PantoClientOptions).Assembly);

    // Polly refuses retry delays over a day, and no wait or attempt of this client needs more.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    // The body is buffered in one array, which cannot reach 2 GiB.
    private const long LargestBody = 1L << 30;

    /// <summary>Throws <see cref="ArgumentException"/> with a message fit for the user.</summary>
    public void Validate()
    {
        ValidateBaseUri(BaseUri);
        if (MaxRetries < 0 || MaxRetries > MaxRetriesLimit)
        {
            throw new ArgumentException($"MaxRetries must be between 0 and {MaxRetriesLimit}; it was {MaxRetries}.", nameof(MaxRetries));
        }

        if (Timeout <= TimeSpan.Zero || Timeout > LongestWait)
        {
            throw new ArgumentException("The timeout must be positive and at most a day.", nameof(Timeout));
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay || MaxRetryDelay > LongestWait)
        {
            throw new ArgumentException("Retry delays must be zero or more, with the cap at least the base delay and at most a day.", nameof(RetryBaseDelay));
        }

        if (MaxResponseBytes <= 0 || MaxResponseBytes > LargestBody)
        {
            throw new ArgumentException("The response size cap must be positive and at most 1 GiB.", nameof(MaxResponseBytes));
        }

        if (UserAgent is { } agent && (agent.Trim().Length == 0 || !IsPrintableAscii(agent)))
        {
            throw new ArgumentException("The User-Agent must be printable ASCII and not empty.", nameof(UserAgent));
        }

        ValidateProxy();
    }

    private void ValidateProxy()
    {
        if (Proxy is null)
        {
            if (ProxyCredentials is not null || ProxyUseDefaultCredentials)
            {
                throw new ArgumentException("Proxy credentials need a proxy: give -Proxy too.", nameof(Proxy));
            }

            return;
        }

        if (!Proxy.IsAbsoluteUri || (Proxy.Scheme != Uri.UriSchemeHttp && Proxy.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The proxy '{Proxy.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}' must be an absolute http or https URI, for example http://proxy.example.com:8080.", nameof(Proxy));
        }

        if (!string.IsNullOrEmpty(Proxy.UserInfo) || !string.IsNullOrEmpty(Proxy.Query) || !string.IsNullOrEmpty(Proxy.Fragment))
        {
            // Never quote the user info: that is where a password would be.
            throw new ArgumentException($"The proxy '{Proxy.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}' must not carry user info, a query or a fragment; pass its credentials with -ProxyCredential.", nameof(Proxy));
        }

        if (ProxyCredentials is not null && ProxyUseDefaultCredentials)
        {
            throw new ArgumentException("Give proxy credentials or use the default credentials, not both.", nameof(ProxyCredentials));
        }
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (char c in value)
        {
            if (c < ' ' || c > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The key travels in a header, so plain http is allowed only where it never leaves the
    /// machine.
    /// </summary>
    public static void ValidateBaseUri(Uri baseUri)
    {
        if (!baseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The base URI '{baseUri}' must be absolute, for example https://qa-app.getpanto.ai.", nameof(baseUri));
        }

        if (!string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment) || !string.IsNullOrEmpty(baseUri.UserInfo))
        {
            // Quote only scheme, host and path: user info and queries are where credentials hide.
            string shown = baseUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            throw new ArgumentException($"The base URI '{shown}' must not carry a query, fragment or user info.", nameof(baseUri));
        }

        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (baseUri.Scheme == Uri.UriSchemeHttp)
        {
            if (IsLoopback(baseUri))
            {
                return;
            }

            throw new ArgumentException(
                $"The base URI '{baseUri}' uses plain http to a host that is not this machine, which would send the API key in clear text. Use https, or http only to 127.0.0.1, ::1 or localhost.",
                nameof(baseUri));
        }

        throw new ArgumentException($"The base URI '{baseUri}' must use https.", nameof(baseUri));
    }

    private static bool IsLoopback(Uri uri)
    {
        if (string.Equals(uri.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
    }
}

using System;
using System.Net;

namespace PantoQa.Client
{
    /// <summary>Where to call and how patiently.</summary>
    public sealed class PantoClientOptions
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://qa-app.getpanto.ai");

        /// <summary>The service root; https, or http to a loopback address (the emulator).</summary>
        public Uri BaseUri { get; set; } = DefaultBaseUri;

        /// <summary>Retries after the first attempt for transient failures: 408, 429, 5xx, drops, timeouts.</summary>
        public int MaxRetries { get; set; } = 3;

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

        public const int MaxRetriesLimit = 100;

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
}

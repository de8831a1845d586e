using System;
using PantoQa.Client.Http;

namespace PantoQa.Cmdlets.Session;

/// <summary>
/// What Connect-PantoQa -PassThru returns: the settings in force and a hint of the key, never
/// the key itself.
/// </summary>
public sealed class PantoConnection
{
    internal PantoConnection(PantoClientOptions options, string keyHint, string keySource)
    {
        BaseUri = options.BaseUri;
        KeyHint = keyHint;
        KeySource = keySource;
        MaxRetries = options.MaxRetries;
        TimeoutSec = (int)options.Timeout.TotalSeconds;
        RetryDelayMilliseconds = (int)options.RetryBaseDelay.TotalMilliseconds;
        MaxRetryDelaySec = (int)options.MaxRetryDelay.TotalSeconds;
        Proxy = options.Proxy;
    }

    /// <summary>The service root every request goes to.</summary>
    public Uri BaseUri { get; }

    /// <summary>The key's last four characters, enough to tell two keys apart.</summary>
    public string KeyHint { get; }

    /// <summary>Parameter, Environment or Prompt.</summary>
    public string KeySource { get; }

    /// <summary>Retries after the first attempt for transient failures.</summary>
    public int MaxRetries { get; }

    /// <summary>The limit of one attempt, in seconds.</summary>
    public int TimeoutSec { get; }

    /// <summary>The first backoff delay; later ones double, with jitter.</summary>
    public int RetryDelayMilliseconds { get; }

    /// <summary>The longest wait between attempts, Retry-After included.</summary>
    public int MaxRetryDelaySec { get; }

    /// <summary>The explicit proxy, or null for the system's; its credentials are never shown.</summary>
    public Uri? Proxy { get; }

    /// <summary>The base URI and the key hint, never the key.</summary>
    public override string ToString() => $"{BaseUri} (key {KeyHint})";
}

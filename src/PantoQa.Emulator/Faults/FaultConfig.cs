namespace PantoQa.Emulator.Faults;

/// <summary>
/// A validated fault configuration; <see cref="Rate"/> 0 means off. <see cref="Methods"/> limits
/// faults to requests of those HTTP methods (null: every request), and <see cref="MaxFaults"/>
/// stops injecting after that many (null: no limit).
/// </summary>
public sealed record FaultConfig(
    double Rate,
    long Seed,
    IReadOnlyList<string> Kinds,
    int DelayMs,
    string RetryAfter,
    string RedirectTo,
    IReadOnlyList<string>? Methods = null,
    long? MaxFaults = null)
{
    public const int DefaultDelayMs = 3000;
    public const string DefaultRetryAfter = "1";

    // An address on loopback where nothing listens, so a client that follows the redirect fails fast and harmlessly.
    public const string DefaultRedirectTo = "http://127.0.0.2:9";

    public static readonly FaultConfig Off = new(0, 0, FaultKinds.Transient, DefaultDelayMs, DefaultRetryAfter, DefaultRedirectTo);

    /// <summary>Builds a configuration from loosely given parts, or throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static FaultConfig Create(
        double? rate,
        long? seed,
        IReadOnlyList<string>? kinds,
        int? delayMs,
        string? retryAfter,
        string? redirectTo,
        IReadOnlyList<string>? methods = null,
        long? maxFaults = null)
    {
        var r = rate ?? 0;
        if (double.IsNaN(r) || r is < 0 or > 1)
        {
            throw new ArgumentException("rate must be between 0 and 1.");
        }

        var kindList = kinds is null || kinds.Count == 0 ? FaultKinds.Transient : kinds;
        var unknown = kindList.Where(k => !FaultKinds.All.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown fault kind(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", FaultKinds.All.Order(StringComparer.Ordinal))}.");
        }

        if (delayMs is < 0)
        {
            throw new ArgumentException("delay_ms must not be negative.");
        }

        var redirect = redirectTo ?? DefaultRedirectTo;
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || redirectUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("redirect_to must be an absolute http or https URL.");
        }

        if (maxFaults is < 0)
        {
            throw new ArgumentException("max_faults must not be negative.");
        }

        return new FaultConfig(
            r,
            seed ?? 0,
            [.. kindList],
            delayMs ?? DefaultDelayMs,
            retryAfter ?? DefaultRetryAfter,
            redirect.TrimEnd('/'),
            methods is null || methods.Count == 0 ? null : [.. methods.Select(m => m.ToUpperInvariant())],
            maxFaults);
    }
}

using PantoQa.Client.Http;

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>Clients for the end-to-end tests: short delays so retries cost milliseconds, not seconds.</summary>
public static class TestClients
{
    public static PantoClient Create(EmulatorProcess emulator, Action<PantoClientOptions>? configure = null, string key = Keys.Secret) =>
        Create(emulator.BaseAddress, configure, key);

    public static PantoClient Create(Uri baseUri, Action<PantoClientOptions>? configure = null, string key = Keys.Secret)
    {
        var options = new PantoClientOptions
        {
            BaseUri = baseUri,
            MaxRetries = 3,
            Timeout = TimeSpan.FromSeconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return new PantoClient(options, () => key);
    }

    /// <summary>
    /// A client whose waits pass at once on <paramref name="clock"/>, with an attempt timeout no
    /// run of waits reaches, so only a test's own deadline ends a call.
    /// </summary>
    public static PantoClient OnClock(EmulatorProcess emulator, JumpingClock clock, Action<PantoClientOptions>? configure = null) =>
        Create(emulator, options =>
        {
            options.TimeProvider = clock;
            options.Timeout = JumpingClock.Longest + JumpingClock.Longest;
            configure?.Invoke(options);
        });
}

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>
/// Switches the process's local time zone for a test, through TZ, which .NET reads on Unix when
/// its zone cache is cleared. On Windows the zone stays the machine's and the tests still pass,
/// only with less to prove.
/// </summary>
public sealed class LocalTimeZone : IDisposable
{
    public const string Collection = "local time zone";

    private readonly string? _previous;

    private LocalTimeZone(string zone)
    {
        _previous = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", zone);
        TimeZoneInfo.ClearCachedData();
    }

    public static LocalTimeZone Set(string zone) => new(zone);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TZ", _previous);
        TimeZoneInfo.ClearCachedData();
    }
}

/// <summary>The local zone is process-wide, so these tests run alone.</summary>
[CollectionDefinition(LocalTimeZone.Collection, DisableParallelization = true)]
public sealed class LocalTimeZoneCollection;

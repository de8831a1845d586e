using System.Collections.Concurrent;

namespace PantoQa.Emulator.Requests;

/// <summary>Counts for GET /_emulator/stats; only /api requests are counted.</summary>
public sealed class ServerStats
{
    private long _requestsServed;
    private long _faultsInjected;
    private long _inFlight;
    private long _mostInFlight;
    private readonly ConcurrentDictionary<string, long> _faultsByKind = new(StringComparer.Ordinal);

    /// <summary>Counts a request that has arrived; pair it with <see cref="EndRequest"/>.</summary>
    public void CountRequest()
    {
        Interlocked.Increment(ref _requestsServed);
        var now = Interlocked.Increment(ref _inFlight);
        // The peak is what tells a client's throttle from a burst.
        long peak;
        while (now > (peak = Interlocked.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, now, peak) != peak)
        {
        }
    }

    public void EndRequest() => Interlocked.Decrement(ref _inFlight);

    public void CountFault(string kind)
    {
        Interlocked.Increment(ref _faultsInjected);
        _faultsByKind.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    }

    public StatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _requestsServed),
        Interlocked.Read(ref _faultsInjected),
        Interlocked.Read(ref _mostInFlight),
        new SortedDictionary<string, long>(_faultsByKind, StringComparer.Ordinal));

    public void Reset()
    {
        Interlocked.Exchange(ref _requestsServed, 0);
        Interlocked.Exchange(ref _faultsInjected, 0);
        // Requests still being answered stay counted, so the peak starts from them.
        Interlocked.Exchange(ref _mostInFlight, Interlocked.Read(ref _inFlight));
        _faultsByKind.Clear();
    }
}

public sealed record StatsSnapshot(long RequestsServed, long FaultsInjected, long MostInFlight, IDictionary<string, long> FaultsByKind);

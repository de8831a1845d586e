using System.Collections.Concurrent;

namespace PantoQa.Emulator.Requests;

/// <summary>Counts for GET /_emulator/stats; only /api requests are counted.</summary>
public sealed class ServerStats
{
    private long _requestsServed;
    private long _faultsInjected;
    private readonly ConcurrentDictionary<string, long> _faultsByKind = new(StringComparer.Ordinal);

    public void CountRequest() => Interlocked.Increment(ref _requestsServed);

    public void CountFault(string kind)
    {
        Interlocked.Increment(ref _faultsInjected);
        _faultsByKind.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    }

    public StatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _requestsServed),
        Interlocked.Read(ref _faultsInjected),
        new SortedDictionary<string, long>(_faultsByKind, StringComparer.Ordinal));

    public void Reset()
    {
        Interlocked.Exchange(ref _requestsServed, 0);
        Interlocked.Exchange(ref _faultsInjected, 0);
        _faultsByKind.Clear();
    }
}

public sealed record StatsSnapshot(long RequestsServed, long FaultsInjected, IDictionary<string, long> FaultsByKind);

namespace PantoQa.Emulator.Requests;

/// <summary>The most recent requests, oldest first, bounded so a long benchmark cannot exhaust memory.</summary>
public sealed class RequestLog(int capacity, RequestLogFile? file)
{
    public const int DefaultCapacity = 100_000;

    private readonly RequestLogEntry?[] _ring = new RequestLogEntry?[capacity];
    private readonly Lock _lock = new();
    private long _sequence;
    private int _next;
    private int _count;

    public void Add(DateTimeOffset time, string method, string rawTarget, int? statusCode, string? fault, bool apiKeyPresent)
    {
        RequestLogEntry entry;
        lock (_lock)
        {
            entry = new RequestLogEntry(++_sequence, time, method, rawTarget, statusCode, fault, apiKeyPresent);
            _ring[_next] = entry;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }

        file?.Append(entry);
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_lock)
        {
            var entries = new RequestLogEntry[_count];
            var first = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                entries[i] = _ring[(first + i) % _ring.Length]!;
            }

            return entries;
        }
    }

    /// <summary>Empties the in-memory log; the file, being an audit trail, keeps what it has.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Array.Clear(_ring);
            _next = 0;
            _count = 0;
        }
    }
}

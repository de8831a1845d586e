namespace PantoQa.Emulator.Clock;

/// <summary>
/// Wall-clock time that tests may move forward (POST /_emulator/clock) to watch runs progress
/// without waiting. It only ever moves forward, so a run that reached its final state stays
/// there and its cached payload stays true.
/// </summary>
public sealed class EmulatorClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}

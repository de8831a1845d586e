using Microsoft.Extensions.Time.Testing;

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>
/// A fake clock for end-to-end tests over loopback: each wait the client starts (a retry's
/// delay, Retry-After, a poll interval) passes at once, in order, and is recorded, so a test of a
/// schedule takes milliseconds and asserts the exact waits. Deadlines longer than
/// <see cref="Longest"/> (give the client an attempt timeout above it) are left to fire only when
/// the waits add up to them. A test whose server keeps time of its own passes
/// <c>alsoMove</c> to move that clock by the same amount first, such as the emulator's.
/// </summary>
public sealed class JumpingClock(Func<TimeSpan, Task>? alsoMove = null) : TimeProvider
{
    /// <summary>The longest timer that is taken for a wait and passed at once.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);

    private static readonly DateTimeOffset Origin = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _fake = new(Origin);
    private readonly object _gate = new();
    private readonly List<TimeSpan> _waits = [];
    private Task _moving = Task.CompletedTask;

    /// <summary>Every wait passed so far, in the order the client started them.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    /// <summary>How far this clock has moved since it was made.</summary>
    public TimeSpan Elapsed => _fake.GetUtcNow() - Origin;

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= Longest)
        {
            lock (_gate)
            {
                _waits.Add(dueTime);
                // Moved on another thread, after the caller holds its timer, and after the moves
                // already asked for, so waits started together still end in order.
                _moving = _moving.ContinueWith(_ => JumpAsync(dueTime), TaskScheduler.Default).Unwrap();
            }
        }

        return timer;
    }

    private async Task JumpAsync(TimeSpan by)
    {
        if (alsoMove is not null)
        {
            await alsoMove(by);
        }

        _fake.Advance(by);
    }
}

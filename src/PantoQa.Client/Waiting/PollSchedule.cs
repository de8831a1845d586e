using System;

namespace PantoQa.Client.Waiting;

/// <summary>
/// When one trigger of a wait is polled next, and when failing polls end its wait. It does no
/// I/O and knows nothing of PowerShell: the wait tells it when a poll starts and how it ended,
/// and it answers with the next step, measured on the wait's clock.
/// </summary>
public sealed class PollSchedule
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _maxFailures;
    private TimeSpan _phase;
    private long _pollStarted;

    /// <param name="time">The wait's clock.</param>
    /// <param name="interval">Between the starts of two polls of this trigger.</param>
    /// <param name="phase">Added once, to the wait after the first poll (see <see cref="Phase"/>).</param>
    /// <param name="maxFailures">Failed polls in a row that end this trigger's wait.</param>
    public PollSchedule(TimeProvider time, TimeSpan interval, TimeSpan phase, int maxFailures)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        if (interval <= TimeSpan.Zero || phase < TimeSpan.Zero || maxFailures < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "The interval must be positive, the phase not negative, and at least one failure allowed.");
        }

        _interval = interval;
        _phase = phase;
        _maxFailures = maxFailures;
    }

    /// <summary>Failed polls in a row so far.</summary>
    public int FailureStreak { get; private set; }

    /// <summary>
    /// Where in the interval the trigger at <paramref name="index"/> of <paramref name="count"/>
    /// polls after the first round. The first round goes out at once, so triggers already final
    /// come back at once; after it, the polls of many triggers are spread over the interval
    /// instead of bunched.
    /// </summary>
    public static TimeSpan Phase(TimeSpan interval, int index, int count) =>
        count <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(interval.Ticks * index / count);

    /// <summary>A poll starts now; the next one is counted from here.</summary>
    public void Polling() => _pollStarted = _time.GetTimestamp();

    /// <summary>The poll got an answer that was read; a failing streak, if any, ends.</summary>
    public PollStep Answered()
    {
        int ended = FailureStreak;
        FailureStreak = 0;
        return new PollStep(giveUp: false, Left(_interval + TakePhase()), ended, firstFailure: false);
    }

    /// <summary>
    /// The poll failed in a way worth trying again. The wait for it ends after the allowed
    /// failures in a row; otherwise the next poll comes after the interval, or after the
    /// service's Retry-After counted from now, whichever is later.
    /// </summary>
    public PollStep Failed(TimeSpan? retryAfter)
    {
        FailureStreak++;
        if (FailureStreak >= _maxFailures)
        {
            return new PollStep(giveUp: true, TimeSpan.Zero, FailureStreak, firstFailure: FailureStreak == 1);
        }

        var delay = Left(_interval + TakePhase());
        // The service asked for patience, so give it, counted from its answer.
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        return new PollStep(giveUp: false, delay, FailureStreak, firstFailure: FailureStreak == 1);
    }

    private TimeSpan TakePhase()
    {
        var phase = _phase;
        _phase = TimeSpan.Zero;
        return phase;
    }

    private TimeSpan Left(TimeSpan wait)
    {
        var left = wait - _time.GetElapsedTime(_pollStarted);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}

using System;

namespace PantoQa.Client.Waiting;

/// <summary>What a <see cref="PollSchedule"/> says after a poll.</summary>
public readonly struct PollStep
{
    internal PollStep(bool giveUp, TimeSpan delay, int streak, bool firstFailure)
    {
        GiveUp = giveUp;
        Delay = delay;
        Streak = streak;
        FirstFailure = firstFailure;
    }

    /// <summary>The failures in a row reached the limit: this trigger's wait ends with the last one.</summary>
    public bool GiveUp { get; }

    /// <summary>How long from now until the next poll.</summary>
    public TimeSpan Delay { get; }

    /// <summary>After a failure, the failures in a row so far; after an answer, the streak it ended (0 for none).</summary>
    public int Streak { get; }

    /// <summary>This failure starts a streak: the moment to warn, once per streak.</summary>
    public bool FirstFailure { get; }

    /// <summary>The delay in whole seconds, rounded up and at least 1, as a message should say it: "again in 0 s" would read as never.</summary>
    public int DelaySeconds => Math.Max(1, (int)Math.Ceiling(Delay.TotalSeconds));
}

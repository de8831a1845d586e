using System;

namespace PantoQa.Client.Waiting;

/// <summary>
/// When a trigger's status line is due in a log that shows no progress bar: when the wait
/// starts following it, when its counts change, when it ends, and otherwise at least every
/// <see cref="Interval"/>, so a long wait never looks hung and a quiet one never floods the log.
/// </summary>
public sealed class StatusLineSchedule
{
    /// <summary>The longest a followed trigger goes without a line.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _time;
    private long _lastLine;
    private (int Passed, int Failed, int Total)? _lastCounts;

    /// <param name="time">The wait's clock.</param>
    public StatusLineSchedule(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>True when a line for these counts is due now; a true answer counts as the line written.</summary>
    public bool IsDue(int passed, int failed, int total, bool ended)
    {
        var counts = (passed, failed, total);
        bool due = ended || _lastCounts is null || _lastCounts != counts || _time.GetElapsedTime(_lastLine) >= Interval;
        if (due)
        {
            _lastCounts = counts;
            _lastLine = _time.GetTimestamp();
        }

        return due;
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;

namespace PantoQa.Client.Timing;

/// <summary>
/// The one place that meets real time. Everything else measures, waits and times out through a
/// <see cref="TimeProvider"/> (the session's, or a test's fake one), by these methods, which
/// also paper over the API differences between .NET 8 and netstandard2.0.
/// </summary>
public static class Clock
{
    /// <summary>The clock of a real session.</summary>
    public static TimeProvider System => TimeProvider.System;

    // The longest single timer: what a TimeProvider's timers take at most is about 49 days, and
    // a wait for -Timeout 2147483647 s (68 years) is longer; it is waited in slices of this.
    private static readonly TimeSpan LongestSlice = TimeSpan.FromDays(1);

    /// <summary>Completes after <paramref name="delay"/> on <paramref name="time"/>, however long; cancelled by <paramref name="cancellationToken"/>.</summary>
    public static async Task DelayAsync(this TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (time is null)
        {
            throw new ArgumentNullException(nameof(time));
        }

        long started = time.GetTimestamp();
        while (true)
        {
            var left = delay - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            var slice = left > LongestSlice ? LongestSlice : left;
#if NET8_0_OR_GREATER
            await Task.Delay(slice, time, cancellationToken).ConfigureAwait(false);
#else
            await time.Delay(slice, cancellationToken).ConfigureAwait(false);
#endif
        }
    }

    /// <summary>A source cancelled after <paramref name="delay"/> on <paramref name="time"/>.</summary>
    public static CancellationTokenSource CancelAfter(this TimeProvider time, TimeSpan delay)
    {
#if NET8_0_OR_GREATER
        return new CancellationTokenSource(delay, time);
#else
        return time.CreateCancellationTokenSource(delay);
#endif
    }
}

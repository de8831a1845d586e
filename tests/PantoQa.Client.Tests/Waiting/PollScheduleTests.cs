using Microsoft.Extensions.Time.Testing;
using PantoQa.Client.Waiting;

namespace PantoQa.Client.Tests.Waiting;

/// <summary>Every rule of a trigger's poll schedule, on a fake clock: no test waits.</summary>
public sealed class PollScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();

    private PollSchedule Schedule(TimeSpan? phase = null, int maxFailures = 3) => new(_time, Interval, phase ?? TimeSpan.Zero, maxFailures);

    [Theory]
    [InlineData(0, 4, 0)]
    [InlineData(1, 4, 2.5)]
    [InlineData(3, 4, 7.5)]
    [InlineData(0, 1, 0)]
    public void FirstRoundGoesAtOnce_ThenPollsSpreadOverTheInterval(int index, int count, double phaseSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(phaseSeconds), PollSchedule.Phase(Interval, index, count));
    }

    [Fact]
    public void NextPoll_CountsFromTheStartOfThisOne_WithThePhaseOnlyOnce()
    {
        var schedule = Schedule(TimeSpan.FromSeconds(2.5));
        schedule.Polling();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(11.5), schedule.Answered().Delay);

        schedule.Polling();
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(7), schedule.Answered().Delay);
    }

    [Fact]
    public void APollSlowerThanTheInterval_IsFollowedAtOnce()
    {
        var schedule = Schedule();
        schedule.Polling();
        _time.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(TimeSpan.Zero, schedule.Answered().Delay);
    }

    [Fact]
    public void FailuresInARow_WarnOncePerStreak_EndTheWaitAtTheLimit_AndAnAnswerEndsTheStreak()
    {
        var schedule = Schedule(maxFailures: 3);

        schedule.Polling();
        var first = schedule.Failed(retryAfter: null);
        Assert.True(first.FirstFailure);
        Assert.False(first.GiveUp);
        Assert.Equal(1, first.Streak);

        schedule.Polling();
        var second = schedule.Failed(retryAfter: null);
        Assert.False(second.FirstFailure);
        Assert.Equal(2, second.Streak);

        schedule.Polling();
        var recovered = schedule.Answered();
        Assert.Equal(2, recovered.Streak);
        Assert.Equal(0, schedule.FailureStreak);

        for (int i = 1; i <= 3; i++)
        {
            schedule.Polling();
            var step = schedule.Failed(retryAfter: null);
            Assert.Equal(i == 1, step.FirstFailure);
            Assert.Equal(i == 3, step.GiveUp);
        }
    }

    [Fact]
    public void OneFailureAllowed_EndsTheWaitAtTheFirst()
    {
        var schedule = Schedule(maxFailures: 1);
        schedule.Polling();

        var step = schedule.Failed(retryAfter: null);

        Assert.True(step.GiveUp);
        Assert.True(step.FirstFailure);
    }

    [Fact]
    public void RetryAfterLongerThanTheInterval_IsWaited_CountedFromTheAnswer()
    {
        var schedule = Schedule();
        schedule.Polling();
        _time.Advance(TimeSpan.FromSeconds(4));

        // Both forms of the header arrive here as a delay from the answer (see RetryAfter.From).
        Assert.Equal(TimeSpan.FromSeconds(30), schedule.Failed(TimeSpan.FromSeconds(30)).Delay);
        schedule.Polling();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(6), schedule.Failed(TimeSpan.FromSeconds(2)).Delay);
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.01, 2)]
    [InlineData(9.5, 10)]
    public void DelaySeconds_RoundsUp_AndIsNeverZero(double seconds, int shown)
    {
        var schedule = new PollSchedule(_time, TimeSpan.FromSeconds(seconds == 0 ? 1 : seconds), TimeSpan.Zero, 5);
        schedule.Polling();
        if (seconds == 0)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(shown, schedule.Answered().DelaySeconds);
    }
}

using Microsoft.Extensions.Time.Testing;
using PantoQa.Client.Waiting;

namespace PantoQa.Client.Tests.Waiting;

public sealed class StatusLineScheduleTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ALine_WhenFollowingStarts_WhenCountsChange_AtTheEnd_AndAtLeastEveryInterval()
    {
        var lines = new StatusLineSchedule(_time);

        Assert.True(lines.IsDue(0, 0, 10, ended: false));
        Assert.False(lines.IsDue(0, 0, 10, ended: false));

        _time.Advance(StatusLineSchedule.Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(lines.IsDue(0, 0, 10, ended: false));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(lines.IsDue(0, 0, 10, ended: false));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(lines.IsDue(2, 1, 10, ended: false));
        Assert.False(lines.IsDue(2, 1, 10, ended: false));
        Assert.True(lines.IsDue(2, 1, 10, ended: true));
    }
}

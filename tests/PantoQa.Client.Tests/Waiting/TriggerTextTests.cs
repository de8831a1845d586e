using PantoQa.Client.Models;
using PantoQa.Client.Waiting;

namespace PantoQa.Client.Tests.Waiting;

public sealed class TriggerTextTests
{
    private static TestRun Run(string status, string name = "Checkout", string? remark = null) => new()
    {
        id = "r-" + Guid.NewGuid().ToString("N"),
        runner_status = status,
        test_run_name = name,
        remark = remark,
        target_device_list = [new TargetDevice { platform = "android", device_name = "pixel 8", platform_version = "14" }],
    };

    [Fact]
    public void Line_SaysCountsAndTime_AndHowTheTriggerEnded()
    {
        var running = new TriggerResult { status = "in_process", test_runs = [Run("passed"), Run("failed"), Run("queued")] };
        var ended = new TriggerResult { status = "partially_passed", test_runs = [Run("passed"), Run("failed")] };

        Assert.Equal("trg_8f2: 2 of 3 finished (1 passed, 1 failed), 4m10s", TriggerText.Line("trg_8f2", running, TimeSpan.FromSeconds(250)));
        Assert.Equal("trg_8f2: ended partially_passed: 2 of 2 finished (1 passed, 1 failed), 45s", TriggerText.Line("trg_8f2", ended, TimeSpan.FromSeconds(45.9)));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59.9, "59s")]
    [InlineData(60, "1m00s")]
    [InlineData(3599, "59m59s")]
    [InlineData(3600 * 26 + 300, "26h05m")]
    public void Duration_IsShort(double seconds, string shown)
    {
        Assert.Equal(shown, TriggerText.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void FailedRuns_NameEachOnItsDevicesWithItsRemarkOnOneLine_UpToTen()
    {
        var runs = Enumerable.Range(1, 12).Select(i => Run("failed", $"Flow {i}", "Line one\r\nline two")).Append(Run("passed")).ToArray();
        runs[0].remark = new string('x', 500);
        var lines = TriggerText.FailedRuns(new TriggerResult { status = "partially_passed", test_runs = runs });

        Assert.Equal(11, lines.Count);
        Assert.Equal("Flow 2 on android pixel 8 14: failed - Line one line two", lines[1]);
        Assert.True(lines[0].Length < 260, lines[0]);
        Assert.EndsWith("…", lines[0]);
        Assert.Equal("… and 2 more", lines[10]);
    }
}

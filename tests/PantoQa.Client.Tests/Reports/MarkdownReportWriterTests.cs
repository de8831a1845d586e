using System.Text;
using PantoQa.Client.Reports;

namespace PantoQa.Client.Tests.Reports;

public sealed class MarkdownReportWriterTests
{
    private static string Write(TestReport report, bool includePassed = false, int? maxBytes = null)
    {
        var writer = new MarkdownReportWriter { IncludePassed = includePassed };
        if (maxBytes is int max)
        {
            writer.MaxBytes = max;
        }

        using var output = new StringWriter();
        writer.Write(report, output);
        return output.ToString();
    }

    private static string[] Lines(string markdown) => markdown.Split('\n');

    private static string[] TableRows(string markdown) => Lines(markdown).Where(line => line.StartsWith('|')).ToArray();

    /// <summary>The rows of runs named "Run n", headers left out.</summary>
    private static int RunRows(string markdown) =>
        TableRows(markdown).Count(row => row.StartsWith("| Run ", StringComparison.Ordinal) && !row.StartsWith("| Run |", StringComparison.Ordinal));

    private static string CutLine(string markdown) => Lines(markdown).Single(line => line.Contains("left out", StringComparison.Ordinal));

    /// <summary>Failed runs named "Run n", each in the trigger <paramref name="triggerOf"/> gives it.</summary>
    private static TestReport FailedRuns(int count, Func<int, string> triggerOf, string remark = "")
    {
        var report = new TestReport();
        for (int i = 0; i < count; i++)
        {
            report.AddRun(new ReportRun("r" + i, triggerOf(i), "failed") { Name = "Run " + i, Remark = remark });
        }

        return report;
    }

    /// <summary>Cells of a table row as GitHub splits it: at every pipe that a backslash does not escape.</summary>
    internal static int CellCount(string row)
    {
        int pipes = 0;
        for (int i = 0; i < row.Length; i++)
        {
            if (row[i] == '\\')
            {
                i++;
            }
            else if (row[i] == '|')
            {
                pipes++;
            }
        }

        return pipes - 1;
    }

    [Fact]
    public void EachTrigger_HasAHeadingWithItsStatusAsTheApiSpellsIt_AndItsCounts()
    {
        string[] lines = Lines(Write(ReportSamples.Finished()));

        Assert.Contains("### \u274C `t1`: `partially_passed`", lines);
        Assert.Contains("4 runs: \u2705 2 passed, \u274C 2 failed, \u23F3 0 in process", lines);
        Assert.Contains("### \u274C `t2`: `failed`", lines);
        Assert.Contains("2 runs: \u2705 0 passed, \u274C 2 failed, \u23F3 0 in process", lines);
    }

    [Theory]
    [InlineData("passed", "passed", "\u2705 `t9`: `passed`")]
    [InlineData("Passed", "PASSED", "\u2705 `t9`: `Passed`")]
    [InlineData("IN_PROCESS", "passed", "\u23F3 `t9`: `IN_PROCESS`")]
    [InlineData("partially_passed", "queued", "\u274C `t9`: `partially_passed`")]
    [InlineData("failed", "passed", "\u274C `t9`: `failed`")]
    [InlineData("cancelled", "cancelled", "\u2754 `t9`: `cancelled` (a status this version does not know: final, not passed)")]
    [InlineData("stopped", "stopped", "\u2754 `t9`: `stopped` (a status this version does not know: final, not passed)")]
    public void TheHeadingsMark_FollowsTheTriggersStatus_NotItsCounts(string status, string runStatus, string heading)
    {
        var report = new TestReport();
        report.AddTrigger("t9", status, [new ReportRun("r1", "t9", runStatus)]);

        Assert.Contains("### " + heading, Lines(Write(report)));
    }

    [Fact]
    public void TheTable_ListsTheRunsThatDidNotPass()
    {
        string[] rows = TableRows(Write(ReportSamples.Finished()));

        Assert.Equal(
            [
                "| Run | Devices | Status | Remark |", "|---|---|---|---|",
                "| Login | android Pixel 8 14 | \u274C `failed` | Assertion failed on checkout button |",
                "| Login | android Pixel 8 14 | \u274C `failed` | 3-D Secure page did not load |",
                "| Run | Devices | Status | Remark |", "|---|---|---|---|",
                "| Login | android Pixel 8 14 | \u274C `failed` | SSO login button not found |",
                "| Login | android Pixel 8 14 | \u274C `timed_out` | Run exceeded its 15 minute limit |",
            ],
            rows);
    }

    [Fact]
    public void PassedRuns_AreListedOnlyWithIncludePassed()
    {
        Assert.Equal(4 + 2 + 4, TableRows(Write(ReportSamples.Finished(), includePassed: true)).Length);
        Assert.Contains("| Login | android Pixel 8 14 | \u2705 `passed` |  |", TableRows(Write(ReportSamples.Finished(), includePassed: true)));
    }

    [Fact]
    public void ATriggerWithNothingToList_HasNoTable()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("p1", "tp", "passed"));

        string markdown = Write(report);

        Assert.Contains("### \u2705 `tp`: `passed`", Lines(markdown));
        Assert.Empty(TableRows(markdown));
    }

    [Fact]
    public void RunsInProcess_AreMarkedAsSuch()
    {
        string markdown = Write(ReportSamples.Running());

        Assert.Contains("### \u23F3 `trigger_running`: `in_process`", Lines(markdown));
        Assert.Contains("| Search |  | \u23F3 `queued` |  |", TableRows(markdown));
    }

    [Fact]
    public void PipesAndLineBreaksInCells_KeepEveryRowAtTheHeadersCellCount()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("h1", "t1", "failed") { Name = "a|b\\|c", Devices = "x\r\ny", Remark = "line one\nline | two\rthree\\" });
        report.AddRun(new ReportRun("h2", "t1", "fa|led") { Name = "`code` *bold* <b>&amp;", Remark = "| starts with a pipe" });

        string[] rows = TableRows(Write(report));

        Assert.Equal(4, rows.Length);
        Assert.All(rows, row => Assert.Equal(4, CellCount(row)));
        Assert.Equal("| a\\|b\\\\\\|c | x y | \u274C `failed` | line one line \\| two three\\\\ |", rows[2]);
        Assert.DoesNotContain('\r', string.Join("", rows));
    }

    [Fact]
    public void Output_IsCutUnderTheByteLimit_WithALineSayingHowManyRowsWereLeftOut()
    {
        string markdown = Write(FailedRuns(1000, i => i < 600 ? "t1" : "t2", new string('x', 100)), maxBytes: 16 * 1024);

        Assert.True(Encoding.UTF8.GetByteCount(markdown) <= 16 * 1024);
        int shown = RunRows(markdown);
        Assert.InRange(shown, 50, 599);
        Assert.Equal($"_{1000 - shown:N0} rows and 1 more trigger left out to keep this summary under 1 MiB; the JUnit report lists every run._", CutLine(markdown));
    }

    [Fact]
    public void ACutBetweenTriggers_CountsEveryTriggerAndRowNotShown()
    {
        string markdown = Write(FailedRuns(200, i => "trigger_" + i), maxBytes: 8 * 1024);

        int headed = Lines(markdown).Count(line => line.StartsWith("### ", StringComparison.Ordinal));
        int shown = RunRows(markdown);
        Assert.InRange(headed, 10, 199);
        Assert.InRange(shown, headed - 1, headed);
        Assert.Equal($"_{200 - shown:N0} rows and {200 - headed:N0} more triggers left out to keep this summary under 1 MiB; the JUnit report lists every run._", CutLine(markdown));
    }

    [Fact]
    public void TheDefaultLimit_IsUnderOneMebibyte()
    {
        string markdown = Write(FailedRuns(20000, _ => "big", new string('y', 80)));

        Assert.InRange(Encoding.UTF8.GetByteCount(markdown), 1000 * 1024, 1024 * 1024 - 1);
        Assert.Contains("left out", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSmallestBudget_StillHoldsTheTitleAndTheCutLine_AndLessIsRefused()
    {
        string markdown = Write(FailedRuns(50, _ => "t1", new string('z', 60)), maxBytes: MarkdownReportWriter.MinimumBytes);

        Assert.InRange(Encoding.UTF8.GetByteCount(markdown), 1, MarkdownReportWriter.MinimumBytes);
        Assert.StartsWith("## Panto QA test runs\n", markdown, StringComparison.Ordinal);
        Assert.Contains("left out", CutLine(markdown), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MarkdownReportWriter { MaxBytes = MarkdownReportWriter.MinimumBytes - 1 });
    }

    [Fact]
    public void NothingGiven_SaysSo()
    {
        Assert.Contains("No test runs were given to the report.", Lines(Write(new TestReport())));
    }

    [Fact]
    public void FlakyFlows_ComeFirst_NamingTheFlowTheDevicesAndTheAttemptThatPassed()
    {
        string[] lines = Lines(Write(ReportSamples.Retried()));

        Assert.Equal(MarkdownReportWriter.FlakyHeading, lines[2]);
        Assert.Equal("| Flow | Devices | Passed on | Failed before |", lines[4]);
        Assert.Equal("| Add to cart | android device 1 14 | attempt 2 of 2 (run `rb1`, trigger `tb`) | attempt 1 `failed` (run `ra2`, trigger `ta`): Timed out waiting for the cart |", lines[6]);
    }

    [Fact]
    public void AFlakyCase_CountsAsPassed_AndItsEarlierAttemptIsMarkedRetried_NotFailed()
    {
        string markdown = Write(ReportSamples.Retried());
        string[] lines = Lines(markdown);

        Assert.Contains("2 runs: \u2705 1 passed, \u274C 0 failed, \u23F3 0 in process, \U0001F501 1 retried later", lines);
        Assert.Contains("1 run: \u2705 1 passed (1 flaky), \u274C 0 failed, \u23F3 0 in process", lines);
        Assert.Contains("| Add to cart | android device 1 14 | \U0001F501 `failed` (attempt 1 of 2 (run `ra2`, trigger `ta`); retried, last `passed` on attempt 2 of 2 (run `rb1`, trigger `tb`)) | Timed out waiting for the cart |", lines);
        Assert.DoesNotContain(TableRows(markdown), row => row.Contains('\u274C'));
        Assert.Contains("| Add to cart | android device 1 14 | \u2705 `passed` (flaky: attempt 2 of 2 (run `rb1`, trigger `tb`)) |  |", TableRows(Write(ReportSamples.Retried(), includePassed: true)));
    }

    [Fact]
    public void WithoutRetries_ThereIsNoFlakySection()
    {
        Assert.DoesNotContain(MarkdownReportWriter.FlakyHeading, Write(ReportSamples.Finished()), StringComparison.Ordinal);
    }
}

using PantoQa.Client.Reports;

namespace PantoQa.Client.Tests.Reports;

public sealed class ReportGateTests
{
    [Fact]
    public void AnEmptyReport_IsRed_BecauseNothingWasChecked()
    {
        var verdict = ReportGate.Judge(new TestReport(), refused: 0);

        Assert.False(verdict.Passed);
        Assert.Empty(verdict.RedTriggers);
        Assert.Contains("nothing was checked: nothing was given", verdict.Message);
    }

    [Fact]
    public void OnlyRefusedInput_SaysSo()
    {
        var verdict = ReportGate.Judge(new TestReport(), refused: 2);

        Assert.Contains("none of the 2 object(s) given was a result", verdict.Message);
    }

    [Fact]
    public void PassedTriggers_AreGreen()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "passed", [new ReportRun("r1", "t1", "passed")]);
        report.AddTrigger("t2", "PASSED", [new ReportRun("r2", "t2", "passed")]);

        var verdict = ReportGate.Judge(report, refused: 0);

        Assert.True(verdict.Passed);
        Assert.Equal("", verdict.Message);
    }

    [Fact]
    public void PassedTriggers_WithRefusedInput_AreRed()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "passed", [new ReportRun("r1", "t1", "passed")]);

        var verdict = ReportGate.Judge(report, refused: 1);

        Assert.False(verdict.Passed);
        Assert.Empty(verdict.RedTriggers);
        Assert.Contains("1 input object(s) were not results", verdict.Message);
    }

    [Fact]
    public void AFailedTrigger_IsNamed_WithItsFailedRuns()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "passed", [new ReportRun("r1", "t1", "passed")]);
        report.AddTrigger("t2", "partially_passed", [
            new ReportRun("r2", "t2", "passed") { Name = "Login" },
            new ReportRun("r3", "t2", "failed") { Name = "Checkout", Devices = "android pixel 8 14", Remark = "Button\nnot found" },
        ]);

        var verdict = ReportGate.Judge(report, refused: 0);

        Assert.False(verdict.Passed);
        Assert.Equal("t2", Assert.Single(verdict.RedTriggers).TriggerId);
        string[] lines = verdict.Message.Split(Environment.NewLine);
        Assert.Equal("1 of 2 trigger(s) in the report did not pass:", lines[0]);
        Assert.Equal("Trigger 't2' ended partially_passed: 1 passed and 1 failed of 2 runs.", lines[1]);
        Assert.Equal("  Checkout on android pixel 8 14: failed - Button not found", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void ATriggerStillInProcess_IsRed_AndSaysItHadNotFinished()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "in_process", [new ReportRun("r1", "t1", "passed"), new ReportRun("r2", "t1", "queued")]);

        var verdict = ReportGate.Judge(report, refused: 0);

        Assert.False(verdict.Passed);
        Assert.Contains("Trigger 't1' had not finished when it was reported (1 passed and 0 failed of 2 runs, 1 in process)", verdict.Message);
    }

    [Fact]
    public void AnUnknownFinalStatus_IsRed()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "cancelled", [new ReportRun("r1", "t1", "passed")]);

        Assert.False(ReportGate.Judge(report, refused: 0).Passed);
    }

    [Fact]
    public void ManyFailedRuns_AreListedUpToTheLimit_ThenCounted()
    {
        var runs = Enumerable.Range(1, 13).Select(i => new ReportRun($"r{i}", "t1", "failed") { Name = $"Flow {i}" }).ToArray();
        var report = new TestReport();
        report.AddTrigger("t1", "failed", runs);

        string[] lines = ReportGate.Judge(report, refused: 0).Message.Split(Environment.NewLine);

        Assert.Equal("  Flow 10 on no device: failed", lines[11]);
        Assert.Equal("  … and 3 more", lines[12]);
        Assert.Equal(13, lines.Length);
    }

    [Fact]
    public void AFlowThatPassedOnARetry_IsGreen_AndCountedFlaky()
    {
        var verdict = ReportGate.Judge(ReportSamples.Retried(), refused: 0);

        Assert.True(verdict.Passed, verdict.Message);
        Assert.Equal(1, verdict.Flaky);
    }

    [Fact]
    public void AFlowThatFailedItsRetryToo_IsRed_NamingItsLastAttempt()
    {
        var report = new TestReport();
        report.AddTrigger("ta", "partially_passed",
        [
            ReportSamples.Attempt("ra1", "ta", "passed", "Browse"),
            ReportSamples.Attempt("ra2", "ta", "failed", "Add to cart", "first"),
        ]);
        report.AddTrigger("tb", "failed", [ReportSamples.Attempt("rb1", "tb", "failed", "Add to cart", "second", createdOffset: 120)]);

        var verdict = ReportGate.Judge(report, refused: 0);

        Assert.False(verdict.Passed);
        Assert.Equal("tb", Assert.Single(verdict.RedTriggers).TriggerId);
        Assert.Contains("  Add to cart on android device 1 14: failed - second", verdict.Message);
        Assert.DoesNotContain("first", verdict.Message);
    }

    [Fact]
    public void AnEarlierTrigger_WithAFailureNotRetried_StaysRed()
    {
        var report = new TestReport();
        report.AddTrigger("ta", "failed",
        [
            ReportSamples.Attempt("ra1", "ta", "failed", "Browse"),
            ReportSamples.Attempt("ra2", "ta", "failed", "Add to cart"),
        ]);
        report.AddTrigger("tb", "passed", [ReportSamples.Attempt("rb1", "tb", "passed", "Add to cart", createdOffset: 120)]);

        var verdict = ReportGate.Judge(report, refused: 0);

        Assert.Equal("ta", Assert.Single(verdict.RedTriggers).TriggerId);
        Assert.Contains("Trigger 'ta' ended failed: 0 passed and 1 failed of 1 runs, 1 more retried in a later trigger.", verdict.Message);
    }
}

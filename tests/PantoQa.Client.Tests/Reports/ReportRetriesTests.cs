using PantoQa.Client.Reports;
using static PantoQa.Client.Tests.Reports.ReportSamples;

namespace PantoQa.Client.Tests.Reports;

public sealed class ReportRetriesTests
{
    [Fact]
    public void AFlowRunAgainInALaterTrigger_IsOneCase_ItsLastAttempt_PassedAndFlaky()
    {
        var report = Retried();

        var flow = Assert.Single(report.Retries.Flows);
        Assert.Equal(["ra2", "rb1"], flow.Runs.Select(r => r.Id));
        Assert.Equal(["ta", "tb"], flow.TriggerIds);
        Assert.True(flow.IsFlaky);
        Assert.Equal(2, flow.NumberOf(flow.Last));

        var first = report.Retries.CasesOf(report.Triggers[0]);
        Assert.Equal(["ra1"], first.Runs.Select(r => r.Id));
        Assert.Equal((1, 0, 0, 0, 1), (first.Passed, first.Failed, first.InProcess, first.Flaky, first.RetriedLater));
        var second = report.Retries.CasesOf(report.Triggers[1]);
        Assert.Equal(["rb1"], second.Runs.Select(r => r.Id));
        Assert.Equal((1, 0, 0, 1, 0), (second.Passed, second.Failed, second.InProcess, second.Flaky, second.RetriedLater));

        // The trigger's own record is left as the service gave it.
        Assert.Equal((2, 1, 1), (report.Triggers[0].Runs.Count, report.Triggers[0].Passed, report.Triggers[0].Failed));
    }

    [Fact]
    public void TheLastAttempt_IsTheLastCreated_WhateverOrderTheTriggersCameIn()
    {
        var report = new TestReport();
        report.AddTrigger("tb", "passed", [Attempt("rb1", "tb", "passed", "Pay", createdOffset: 120)]);
        report.AddTrigger("ta", "failed", [Attempt("ra1", "ta", "failed", "Pay", "Card declined")]);

        var flow = Assert.Single(report.Retries.Flows);
        Assert.Equal(["ra1", "rb1"], flow.Runs.Select(r => r.Id));
        Assert.True(flow.IsFlaky);
        Assert.Empty(report.Retries.CasesOf(report.Triggers[1]).Runs);
        Assert.Equal(1, report.Retries.CasesOf(report.Triggers[0]).Flaky);
    }

    [Fact]
    public void WithoutACreationTimeOnEveryAttempt_TheOrderGivenDecides()
    {
        var report = new TestReport();
        var late = Attempt("rb1", "tb", "failed", "Pay", "Card declined", createdOffset: 120);
        var early = Attempt("ra1", "ta", "passed", "Pay");
        early.Created = null;
        report.AddTrigger("tb", "failed", [late]);
        report.AddTrigger("ta", "passed", [early]);

        var flow = Assert.Single(report.Retries.Flows);
        Assert.Same(early, flow.Last);
        Assert.True(flow.IsFlaky);
    }

    [Fact]
    public void AFlowThatFailsEveryAttempt_IsOneFailedCase_NotFlaky()
    {
        var report = new TestReport();
        report.AddTrigger("ta", "failed", [Attempt("ra1", "ta", "failed", "Pay", "Card declined")]);
        report.AddTrigger("tb", "failed", [Attempt("rb1", "tb", "failed", "Pay", "Card declined", createdOffset: 120)]);

        var flow = Assert.Single(report.Retries.Flows);
        Assert.False(flow.IsFlaky);
        Assert.True(report.Retries.IsRetriedLater(flow.Runs[0]));
        Assert.False(report.Retries.IsRetriedLater(flow.Last));
        Assert.Equal((0, 1, 1), (report.Retries.CasesOf(report.Triggers[1]).Flaky, report.Retries.CasesOf(report.Triggers[1]).Failed, report.Retries.CasesOf(report.Triggers[0]).RetriedLater));
    }

    [Theory]
    [InlineData("another build")]
    [InlineData("other devices")]
    [InlineData("another flow id")]
    [InlineData("no name")]
    public void RunsThatAreNotTheSameFlow_AreNotAttemptsOfIt(string difference)
    {
        var again = Attempt("rb1", "tb", "passed", "Pay", createdOffset: 120);
        var first = Attempt("ra1", "ta", "failed", "Pay");
        switch (difference)
        {
            case "another build":
                again.BuildId = "app_02";
                break;
            case "other devices":
                again.Devices = "android device 2 14";
                break;
            case "another flow id":
                again.ClassName = "flow_other";
                break;
            default:
                first.Name = null;
                again.Name = null;
                break;
        }

        var report = new TestReport();
        report.AddTrigger("ta", "failed", [first]);
        report.AddTrigger("tb", "passed", [again]);

        Assert.Empty(report.Retries.Flows);
        Assert.Single(report.Retries.CasesOf(report.Triggers[0]).Runs);
    }

    [Fact]
    public void AFlowRunTwiceInOneTrigger_IsLeftAsItIs()
    {
        var report = new TestReport();
        report.AddTrigger("ta", "partially_passed", [Attempt("ra1", "ta", "failed", "Pay"), Attempt("ra2", "ta", "passed", "Pay")]);
        report.AddTrigger("tb", "passed", [Attempt("rb1", "tb", "passed", "Pay", createdOffset: 120)]);

        Assert.Empty(report.Retries.Flows);
        Assert.Equal(2, report.Retries.CasesOf(report.Triggers[0]).Runs.Count);
    }

    [Fact]
    public void TheRetries_AreFoundAgain_AfterMoreIsAdded()
    {
        var report = new TestReport();
        report.AddTrigger("ta", "failed", [Attempt("ra1", "ta", "failed", "Pay")]);
        Assert.Empty(report.Retries.Flows);

        report.AddRun(Attempt("rb1", "tb", "passed", "Pay", createdOffset: 120));

        Assert.True(Assert.Single(report.Retries.Flows).IsFlaky);
    }
}

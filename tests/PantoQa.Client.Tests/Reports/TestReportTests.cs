using PantoQa.Client.Models;
using PantoQa.Client.Reports;


namespace PantoQa.Client.Tests.Reports;

public sealed class TestReportTests
{
    [Fact]
    public void Runs_AreGroupedByTrigger_InFirstSeenOrder()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("b1", "tb", "passed"));
        report.AddRun(new ReportRun("a1", "ta", "passed"));
        report.AddRun(new ReportRun("b2", "tb", "failed"));

        Assert.Equal(["tb", "ta"], report.Triggers.Select(t => t.TriggerId));
        Assert.Equal(["b1", "b2"], report.Triggers[0].Runs.Select(r => r.Id));
    }

    [Fact]
    public void ARunGivenTwice_IsReportedOnce_InTheOrderOfItsTriggersResult()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("r2", "t1", "failed"));
        report.AddTrigger("t1", "partially_passed", [new ReportRun("r1", "t1", "passed"), new ReportRun("r2", "t1", "failed")]);
        report.AddRun(new ReportRun("r2", "t1", "failed"));

        var trigger = Assert.Single(report.Triggers);
        Assert.Equal(["r1", "r2"], trigger.Runs.Select(r => r.Id));
        Assert.Equal((1, 1, 0), (trigger.Passed, trigger.Failed, trigger.InProcess));
        Assert.Equal("partially_passed", trigger.Status);
        Assert.Equal(2, report.RunCount);
    }

    [Fact]
    public void ASnapshotInProcessThenTheFinalResult_ReportsTheFinalResult()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "in_process", Snapshot());
        report.AddTrigger("t1", "partially_passed", Final());

        AssertFinal(Assert.Single(report.Triggers));
    }

    [Fact]
    public void TheFinalResultThenAStaleSnapshot_StillReportsTheFinalResult()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "partially_passed", Final());
        report.AddTrigger("t1", "in_process", Snapshot());

        AssertFinal(Assert.Single(report.Triggers));
    }

    [Fact]
    public void OfTwoResultsEquallyFinal_TheLaterWins_AndItsRunsReplaceTheOthers()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "in_process", Snapshot());
        report.AddTrigger("t1", "IN_PROCESS", [new ReportRun("r1", "t1", "passed"), new ReportRun("r3", "t1", "in_process")]);

        var trigger = Assert.Single(report.Triggers);
        Assert.Equal("IN_PROCESS", trigger.Status);
        Assert.Equal(["r1", "r3"], trigger.Runs.Select(r => r.Id));
        Assert.Equal((1, 0, 1), (trigger.Passed, trigger.Failed, trigger.InProcess));

        report.AddTrigger("t1", "failed", [new ReportRun("r1", "t1", "failed")]);
        report.AddTrigger("t1", "Passed", [new ReportRun("r1", "t1", "passed")]);

        Assert.Equal("Passed", trigger.Status);
        Assert.Equal((1, 0, 0), (trigger.Passed, trigger.Failed, trigger.InProcess));
    }

    [Fact]
    public void AnUnknownAggregate_IsFinal_AndBeatsASnapshotInProcess()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "cancelled", [new ReportRun("r1", "t1", "cancelled")]);
        report.AddTrigger("t1", "in_process", Snapshot());

        Assert.Equal("cancelled", report.Triggers[0].Status);
        Assert.Equal(["r1"], report.Triggers[0].Runs.Select(r => r.Id));
    }

    [Fact]
    public void RunsGivenOnTheirOwn_KeepTheirMostFinalCopy_WhateverTheOrder()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("a", "t1", "passed"));
        report.AddRun(new ReportRun("a", "t1", "in_process"));
        report.AddRun(new ReportRun("b", "t1", "queued"));
        report.AddRun(new ReportRun("b", "t1", "in_process"));
        report.AddRun(new ReportRun("c", "t1", "in_process"));
        report.AddRun(new ReportRun("c", "t1", "timed_out"));

        var trigger = Assert.Single(report.Triggers);
        Assert.Equal(["a:passed", "b:in_process", "c:timed_out"], trigger.Runs.Select(r => r.Id + ":" + r.RunnerStatus));
        Assert.Equal((1, 1, 1), (trigger.Passed, trigger.Failed, trigger.InProcess));
        Assert.Equal("in_process", trigger.Status);
    }

    [Fact]
    public void ARunGivenOnItsOwn_MergesWithItsCopyInTheResult_ByTheSameRule()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("r1", "t1", "passed"));
        report.AddTrigger("t1", "in_process", Snapshot());
        report.AddRun(new ReportRun("r2", "t1", "queued"));

        var trigger = Assert.Single(report.Triggers);
        // r1 passed beats the snapshot's queued copy given after it; r2 queued is newer than the
        // snapshot's in_process copy and as little final, so it wins.
        Assert.Equal(["r1:passed", "r2:queued"], trigger.Runs.Select(r => r.Id + ":" + r.RunnerStatus));

        report.AddTrigger("t1", "partially_passed", Final());
        report.AddRun(new ReportRun("r2", "t1", "in_process"));

        AssertFinal(trigger);
    }

    [Fact]
    public void RunsOnlyGivenOnTheirOwn_FollowTheResultsRuns()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("loose", "t1", "failed"));
        report.AddTrigger("t1", "partially_passed", Final());

        var trigger = report.Triggers[0];
        Assert.Equal(["r1", "r2", "loose"], trigger.Runs.Select(r => r.Id));
        Assert.Equal((1, 2, 0), (trigger.Passed, trigger.Failed, trigger.InProcess));
    }

    [Fact]
    public void Counts_FollowTheModulesStatusRules()
    {
        var report = new TestReport();
        foreach (string status in new[] { "passed", "failed", "error", "cancelled", "timed_out", "aborted", "skipped", "queued", "in_process", "something_new", "PASSED", "Timed_Out" })
        {
            report.AddRun(new ReportRun("r-" + status, "t1", status));
        }

        var trigger = report.Triggers[0];
        Assert.Equal((2, 7, 3), (trigger.Passed, trigger.Failed, trigger.InProcess));
        Assert.All(trigger.Runs, run => Assert.Equal(RunStatus.Classify(run.RunnerStatus), run.Outcome));
    }

    [Theory]
    [InlineData(new[] { "passed", "passed" }, "passed")]
    [InlineData(new[] { "passed", "failed" }, "partially_passed")]
    [InlineData(new[] { "timed_out", "failed" }, "failed")]
    [InlineData(new[] { "passed", "queued", "failed" }, "in_process")]
    public void WithoutATriggerResult_TheStatusIsAggregatedFromTheRuns(string[] statuses, string expected)
    {
        var report = new TestReport();
        for (int i = 0; i < statuses.Length; i++)
        {
            report.AddRun(new ReportRun("r" + i, "t1", statuses[i]));
        }

        Assert.Equal(expected, report.Triggers[0].Status);
    }

    [Fact]
    public void TheServicesStatus_WinsOverTheAggregateOfTheRunsGiven()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "failed", [new ReportRun("r1", "t1", "passed")]);

        Assert.Equal("failed", report.Triggers[0].Status);
    }

    [Fact]
    public void RunsWithoutAnId_AreNeverMerged()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("", "t1", "passed") { Name = "Login" });
        report.AddRun(new ReportRun("", "t1", "passed") { Name = "Login" });

        Assert.Equal(2, report.Triggers[0].Runs.Count);
    }

    [Theory]
    [InlineData(0, 0, 0, "in_process")]
    [InlineData(3, 0, 0, "passed")]
    [InlineData(0, 2, 0, "failed")]
    [InlineData(1, 1, 0, "partially_passed")]
    [InlineData(1, 1, 1, "in_process")]
    public void Aggregate_ReadsLikeTheServicesAggregate(int passed, int failed, int inProcess, string expected)
    {
        Assert.Equal(expected, RunStatus.Aggregate(passed, failed, inProcess));
    }

    [Fact]
    public void FromATestRun_TakesNameDevicesFlowRemarkAndTimes()
    {
        var run = new TestRun
        {
            id = "r3", runner_status = "failed", remark = "3-D Secure page did not load", test_run_name = "Checkout regression",
            test_suite_id = "suite_smoke",
            runner_start_timestamp = ReportSamples.Start, runner_end_timestamp = ReportSamples.Start.AddSeconds(306),
            target_device_list =
            [
                new TargetDevice { platform = "ios", device_name = "iPhone 15", platform_version = "17.4" },
                new TargetDevice { platform = "android", device_name = "Pixel 8" },
            ],
        };

        var entry = ReportRun.From(run, "t1");

        Assert.Equal(("r3", "t1", RunOutcome.Failed), (entry.Id, entry.TriggerId, entry.Outcome));
        Assert.Equal("Checkout regression (ios iPhone 15 17.4, android Pixel 8)", entry.DisplayName);
        Assert.Equal("suite_smoke", entry.ClassName);
        Assert.Equal("3-D Secure page did not load", entry.Remark);
        Assert.Equal(306, entry.Seconds);

        run.test_flow_id = "flow_checkout_3ds";
        run.trigger_id = "t_own";
        Assert.Equal(("flow_checkout_3ds", "t_own"), (ReportRun.From(run, "t1").ClassName, ReportRun.From(run, "t1").TriggerId));
    }

    private static ReportRun[] Snapshot() => [new ReportRun("r1", "t1", "queued"), new ReportRun("r2", "t1", "in_process")];

    private static ReportRun[] Final() => [new ReportRun("r1", "t1", "passed"), new ReportRun("r2", "t1", "failed")];

    private static void AssertFinal(ReportTrigger trigger)
    {
        Assert.Equal("partially_passed", trigger.Status);
        Assert.Equal(["r1:passed", "r2:failed"], trigger.Runs.Select(r => r.Id + ":" + r.RunnerStatus));
        Assert.Equal((1, 1, 0), (trigger.Passed, trigger.Failed, trigger.InProcess));
    }
}

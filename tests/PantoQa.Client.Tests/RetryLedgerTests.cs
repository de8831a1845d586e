using PantoQa.Client.Models;
using static PantoQa.Client.Tests.RestartPlanTests;

namespace PantoQa.Client.Tests;

public sealed class RetryLedgerTests
{
    private static readonly TargetDevice Pixel = Device("android", "pixel 8", "14");
    private static readonly TargetDevice Galaxy = Device("android", "galaxy s24", "14");

    [Fact]
    public void AFlowThatPassesOnARetry_IsFlaky_AndTheOutcomeIsPassed()
    {
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "partially_passed", Flow("a1", "Login", "passed", Pixel), Flow("a2", "Cart", "failed", Pixel)));

        Assert.Equal(["a2"], ledger.FailedInThisAttempt().Select(r => r.Id));
        ledger.NextAttempt();
        ledger.Record(Result("t2", "passed", Flow("b1", "Cart", "passed", Pixel)));

        Assert.Empty(ledger.FailedInThisAttempt());
        var summary = ledger.Summarize();
        Assert.Equal(("passed", 2, 2), (summary.status, summary.attempts, summary.flows));
        var flaky = Assert.Single(summary.flaky);
        Assert.Equal(("Cart", "app_01", "android:pixel 8:14", 2), (flaky.test_run_name, flaky.build_file_id, flaky.devices, flaky.passed_on_attempt));
        Assert.Equal([1, 2], flaky.attempts);
        Assert.Equal(["failed", "passed"], flaky.statuses);
        Assert.Equal(["a2", "b1"], flaky.test_runs);
        Assert.Empty(summary.failed);
        Assert.Equal("'Cart' on android:pixel 8:14 (build app_01): failed, passed", flaky.ToString());
    }

    [Fact]
    public void AFlowThatFailsEveryAttempt_IsFailed_AndIsRetriedEachTime()
    {
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "failed", Flow("a1", "Checkout", "failed", Pixel)));
        ledger.NextAttempt();
        Assert.Empty(ledger.FailedInThisAttempt());
        ledger.Record(Result("t2", "failed", Flow("b1", "Checkout", "error", Pixel)));

        Assert.Equal(["b1"], ledger.FailedInThisAttempt().Select(r => r.Id));
        var summary = ledger.Summarize();
        Assert.Equal("failed", summary.status);
        Assert.Empty(summary.flaky);
        var failed = Assert.Single(summary.failed);
        Assert.Equal(["failed", "error"], failed.statuses);
        Assert.Null(failed.passed_on_attempt);
    }

    [Fact]
    public void OneFlowOnTwoSetsOfDevices_IsTwoFlows()
    {
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "partially_passed", Flow("a1", "Cart", "failed", Pixel), Flow("a2", "Cart", "passed", Galaxy)));

        Assert.Equal(["a1"], ledger.FailedInThisAttempt().Select(r => r.Id));
        Assert.Equal(2, ledger.Summarize().flows);
    }

    [Fact]
    public void AFlowWithoutARunInTheLatestAttempt_IsNotRetriedAgain_AndKeepsItsLastOutcome()
    {
        // Its restart was never answered, say: restarting it again could run it twice.
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "failed", Flow("a1", "Cart", "failed", Pixel), Flow("a2", "Checkout", "failed", Galaxy)));
        ledger.NextAttempt();
        ledger.Record(Result("t2", "failed", Flow("b1", "Checkout", "failed", Galaxy)));

        Assert.Equal(["b1"], ledger.FailedInThisAttempt().Select(r => r.Id));
        var summary = ledger.Summarize();
        Assert.Equal(["Cart", "Checkout"], summary.failed.Select(f => f.test_run_name));
        Assert.Equal([1], summary.failed[0].attempts);
    }

    [Fact]
    public void SeveralRunsOfOneFlowInOneAttempt_PassOnlyIfAllDo()
    {
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "partially_passed", Flow("a1", "Cart", "passed", Pixel), Flow("a2", "Cart", "timed_out", Pixel), Flow("a3", "Cart", "passed", Pixel)));

        var only = Assert.Single(ledger.Summarize().failed);
        Assert.Equal(["timed_out"], only.statuses);
        Assert.Equal(["a2"], only.test_runs);
        Assert.Equal(["a2"], ledger.FailedInThisAttempt().Select(r => r.Id));
    }

    [Fact]
    public void ARunStillInProcess_DoesNotPass_AndIsNotRestarted()
    {
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "weird", Flow("a1", "Cart", "paused", Pixel)));

        Assert.Empty(ledger.FailedInThisAttempt());
        var summary = ledger.Summarize();
        Assert.Equal("failed", summary.status);
        Assert.Equal(["paused"], Assert.Single(summary.failed).statuses);
    }

    [Fact]
    public void ATriggerNotPassedThoughNoRunFailed_KeepsTheOutcomeFromPassing()
    {
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "cancelled", Flow("a1", "Cart", "passed", Pixel)));

        var summary = ledger.Summarize();
        Assert.Equal("failed", summary.status);
        Assert.Empty(summary.failed);
        Assert.Equal(["trigger 't1' ended 'cancelled' though none of its runs failed"], summary.doubtful_triggers);
    }

    [Fact]
    public void StatusesCompareIgnoringCase()
    {
        var ledger = new RetryLedger();
        ledger.Record(Result("t1", "PARTIALLY_PASSED", Flow("a1", "Cart", "FAILED", Pixel), Flow("a2", "Login", "Passed", Pixel)));
        ledger.NextAttempt();
        ledger.Record(Result("t2", "Passed", Flow("b1", "Cart", "PASSED", Pixel)));

        var summary = ledger.Summarize();
        Assert.Equal("passed", summary.status);
        Assert.Equal("Cart", Assert.Single(summary.flaky).test_run_name);
    }

    [Fact]
    public void GivenRuns_CountAsTheFirstAttempt()
    {
        // Restart-PantoTestRun: the runs given are attempt 1, their restart attempt 2.
        var ledger = new RetryLedger();
        ledger.Record(new RestartRun("r2", "Checkout", null, "app_01", [Galaxy], "failed"));
        ledger.NextAttempt();
        ledger.Record(Result("t2", "passed", Flow("b1", "Checkout", "passed", Device("android", "Galaxy S24", "14"))));

        var summary = ledger.Summarize();
        Assert.Equal(("passed", 2), (summary.status, summary.attempts));
        Assert.Equal(["r2", "b1"], Assert.Single(summary.flaky).test_runs);
    }

    [Fact]
    public void NothingRecorded_IsNotPassed()
    {
        var summary = new RetryLedger().Summarize();

        Assert.Equal(("failed", 0, 0), (summary.status, summary.attempts, summary.flows));
    }

    private static TestRun Flow(string id, string name, string status, params TargetDevice[] devices) => new()
    {
        id = id, test_run_name = name, build_file_id = "app_01", runner_status = status, target_device_list = devices,
    };

    private static TriggerResult Result(string triggerId, string status, params TestRun[] runs) =>
        new() { trigger_id = triggerId, status = status, test_runs = runs };
}

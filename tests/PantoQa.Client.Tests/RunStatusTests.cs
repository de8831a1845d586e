using PantoQa.Client.Models;

namespace PantoQa.Client.Tests;

public sealed class RunStatusTests
{
    [Theory]
    [InlineData("passed", RunOutcome.Passed)]
    [InlineData("PASSED", RunOutcome.Passed)]
    [InlineData("failed", RunOutcome.Failed)]
    [InlineData("Failed", RunOutcome.Failed)]
    [InlineData("Cancelled", RunOutcome.Failed)]
    [InlineData("error", RunOutcome.Failed)]
    [InlineData("errored", RunOutcome.InProcess)]
    [InlineData("cancelled", RunOutcome.Failed)]
    [InlineData("canceled", RunOutcome.InProcess)]
    [InlineData("aborted", RunOutcome.Failed)]
    [InlineData("timed_out", RunOutcome.Failed)]
    [InlineData("timeout", RunOutcome.InProcess)]
    [InlineData("skipped", RunOutcome.Failed)]
    [InlineData("crashed", RunOutcome.InProcess)]
    [InlineData("in_process", RunOutcome.InProcess)]
    [InlineData("queued", RunOutcome.InProcess)]
    [InlineData("pending", RunOutcome.InProcess)]
    [InlineData("a_status_added_next_year", RunOutcome.InProcess)]
    [InlineData("partially_passed", RunOutcome.InProcess)]
    [InlineData(" passed", RunOutcome.InProcess)]
    [InlineData("", RunOutcome.InProcess)]
    [InlineData(null, RunOutcome.InProcess)]
    public void Classify_IgnoresCase_AndCountsUnknownStatusesAsStillRunning(string? status, RunOutcome outcome)
    {
        Assert.Equal(outcome, RunStatus.Classify(status));
    }

    [Theory]
    [InlineData("passed", true, true, true)]
    [InlineData("Passed", true, true, true)]
    [InlineData("failed", true, false, true)]
    [InlineData("partially_passed", true, false, true)]
    [InlineData("Partially_Passed", true, false, true)]
    [InlineData("in_process", false, false, true)]
    [InlineData("IN_PROCESS", false, false, true)]
    [InlineData("cancelled", true, false, false)]
    [InlineData("something_new", true, false, false)]
    [InlineData("", true, false, false)]
    [InlineData(null, false, false, false)]
    public void Aggregate_IsFinalUnlessInProcess_AndPassedOnlyWhenPassed(string? status, bool final, bool passed, bool known)
    {
        Assert.Equal(final, RunStatus.IsFinal(status));
        Assert.Equal(passed, RunStatus.IsPassed(status));
        Assert.Equal(known, RunStatus.IsKnownAggregate(status));
    }
}

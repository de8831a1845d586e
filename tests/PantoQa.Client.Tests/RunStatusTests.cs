using PantoQa.Client.Models;

namespace PantoQa.Client.Tests;

public sealed class RunStatusTests
{
    [Theory]
    [InlineData("passed", RunOutcome.Passed)]
    [InlineData("PASSED", RunOutcome.InProcess)]
    [InlineData("failed", RunOutcome.Failed)]
    [InlineData("Failed", RunOutcome.InProcess)]
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
    public void Classify_CountsUnknownStatusesAsStillRunning(string? status, RunOutcome outcome)
    {
        Assert.Equal(outcome, RunStatus.Classify(status));
    }

    [Theory]
    [InlineData("passed", true)]
    [InlineData("failed", true)]
    [InlineData("partially_passed", true)]
    [InlineData("Partially_Passed", false)]
    [InlineData("in_process", false)]
    [InlineData("error", false)]
    [InlineData("something_new", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsFinal_OnlyForTheDocumentedFinalAggregates(string? status, bool final)
    {
        Assert.Equal(final, RunStatus.IsFinal(status));
    }
}

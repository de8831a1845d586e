using PantoQa.Client.Models;

namespace PantoQa.Client.Tests;

public sealed class TriggerResultTests
{
    [Fact]
    public void Counts_ClassifyEveryRun()
    {
        var result = new TriggerResult
        {
            trigger_id = "t1",
            status = "in_process",
            test_runs = Runs("passed", "failed", "error", "in_process", "queued", "something_new", null, "passed", "timed_out"),
        };

        Assert.Equal(9, result.total);
        Assert.Equal(2, result.passed);
        Assert.Equal(3, result.failed);
        Assert.Equal(4, result.in_process);
        Assert.Equal(result.total, result.passed + result.failed + result.in_process);
        Assert.False(result.IsFinal());
        Assert.Equal("t1: in_process (2 passed, 3 failed, 4 in process of 9)", result.ToString());
    }

    [Fact]
    public void Empty_CountsNothing()
    {
        var result = new TriggerResult();

        Assert.Equal(0, result.total);
        Assert.Equal(0, result.passed);
        Assert.Equal(0, result.failed);
        Assert.Equal(0, result.in_process);
        Assert.False(result.IsFinal());
    }

    [Theory]
    [InlineData("passed")]
    [InlineData("failed")]
    [InlineData("partially_passed")]
    [InlineData("Passed")]
    [InlineData("cancelled")]
    [InlineData("a_status_added_next_year")]
    public void IsFinal_FollowsTheServiceAggregate(string status)
    {
        // The service's aggregate decides, not the counts: it knows statuses this version does not.
        var result = new TriggerResult { status = status, test_runs = Runs("in_process") };

        Assert.True(result.IsFinal());
    }

    [Fact]
    public void Counts_IgnoreCase_AndFollowTheRunsAssigned()
    {
        var result = new TriggerResult { status = "Partially_Passed", test_runs = Runs("Passed", "FAILED") };
        Assert.Equal((1, 1, 0), (result.passed, result.failed, result.in_process));

        result.test_runs = Runs("queued", "passed");

        Assert.Equal((1, 0, 1), (result.passed, result.failed, result.in_process));
    }

    private static TestRun[] Runs(params string?[] statuses) =>
        statuses.Select((status, i) => new TestRun { id = $"run_{i}", runner_status = status }).ToArray();
}

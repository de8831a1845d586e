using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// The trigger status over every mix of one to three runs drawn from in_process, passed, failed
/// and another terminal outcome (error), then every status the rules name, one by one.
/// </summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class AggregateStatusTests(SharedEmulator shared)
{
    [Theory]
    // One run.
    [InlineData("in_process", "in_process")]
    [InlineData("passed", "passed")]
    [InlineData("failed", "failed")]
    [InlineData("error", "failed")]
    // Two runs.
    [InlineData("in_process,in_process", "in_process")]
    [InlineData("in_process,passed", "in_process")]
    [InlineData("in_process,failed", "in_process")]
    [InlineData("in_process,error", "in_process")]
    [InlineData("passed,passed", "passed")]
    [InlineData("passed,failed", "partially_passed")]
    [InlineData("passed,error", "partially_passed")]
    [InlineData("failed,failed", "failed")]
    [InlineData("failed,error", "failed")]
    [InlineData("error,error", "failed")]
    // Three runs.
    [InlineData("in_process,in_process,in_process", "in_process")]
    [InlineData("in_process,in_process,passed", "in_process")]
    [InlineData("in_process,in_process,failed", "in_process")]
    [InlineData("in_process,in_process,error", "in_process")]
    [InlineData("in_process,passed,passed", "in_process")]
    [InlineData("in_process,passed,failed", "in_process")]
    [InlineData("in_process,passed,error", "in_process")]
    [InlineData("in_process,failed,failed", "in_process")]
    [InlineData("in_process,failed,error", "in_process")]
    [InlineData("in_process,error,error", "in_process")]
    [InlineData("passed,passed,passed", "passed")]
    [InlineData("passed,passed,failed", "partially_passed")]
    [InlineData("passed,passed,error", "partially_passed")]
    [InlineData("passed,failed,failed", "partially_passed")]
    [InlineData("passed,failed,error", "partially_passed")]
    [InlineData("passed,error,error", "partially_passed")]
    [InlineData("failed,failed,failed", "failed")]
    [InlineData("failed,failed,error", "failed")]
    [InlineData("failed,error,error", "failed")]
    [InlineData("error,error,error", "failed")]
    public async Task TriggerStatus_FollowsTheTable(string runStatuses, string expected)
    {
        var statuses = runStatuses.Split(',');

        Assert.Equal(expected, await TriggerStatusAsync(statuses));
        // Run order must not matter.
        Assert.Equal(expected, await TriggerStatusAsync([.. statuses.Reverse()]));
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("error")]
    [InlineData("cancelled")]
    [InlineData("timed_out")]
    [InlineData("aborted")]
    [InlineData("skipped")]
    public async Task EveryOtherTerminalOutcome_CountsAsFailed(string outcome)
    {
        Assert.Equal("failed", await TriggerStatusAsync([outcome]));
        Assert.Equal("partially_passed", await TriggerStatusAsync([outcome, "passed"]));
        Assert.Equal("in_process", await TriggerStatusAsync([outcome, "in_process"]));
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("pending")]
    [InlineData("in_process")]
    [InlineData("running")]
    [InlineData("paused")]
    [InlineData("PASSED")]
    public async Task NonTerminalAndUnknownStatuses_CountAsStillRunning(string status)
    {
        Assert.Equal("in_process", await TriggerStatusAsync([status]));
        Assert.Equal("in_process", await TriggerStatusAsync([status, "passed", "failed"]));
    }

    private async Task<string?> TriggerStatusAsync(IReadOnlyList<string> statuses)
    {
        var trigger = Api.UniqueId("aggregate");
        await shared.Emulator.Control.AddRunsAsync(new
        {
            runs = statuses.Select(status => new
            {
                id = Api.UniqueId("run"),
                trigger_id = trigger,
                test_flow_id = "flow_search",
                status,
            }),
        });

        var response = await shared.Emulator.GetTriggerAsync(trigger);
        Assert.Equal(statuses.Count, response.Json.GetProperty("test_runs").GetArrayLength());
        return response.Json.GetProperty("status").GetString();
    }
}

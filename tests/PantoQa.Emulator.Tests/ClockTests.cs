using System.Globalization;
using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// Moving the emulator's clock forward (POST /_emulator/clock) shows long schedules without
/// waiting. Each test gets its own emulator: the clock is global and never goes back.
/// </summary>
public sealed class ClockTests : IAsyncLifetime
{
    private EmulatorProcess _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task DemoTrigger_StartsAfterTwoSeconds_AndEndsSixAndNineSecondsAfterStart()
    {
        // The start of the timeline is real time, so it is read from the timestamps rather than
        // from a first look that a busy machine could make too late.
        await AdvanceAsync(10);
        var after = await _emulator.GetTriggerAsync("trigger_demo");
        Assert.Equal("partially_passed", after.Json.GetProperty("status").GetString());
        Assert.Equal(["passed", "failed"], Statuses(after));

        var runs = after.Json.GetProperty("test_runs");
        Assert.Equal(TimeSpan.FromSeconds(6), Time(runs[0], "runner_end_timestamp") - Time(runs[0], "runner_create_timestamp"));
        Assert.Equal(TimeSpan.FromSeconds(9), Time(runs[1], "runner_end_timestamp") - Time(runs[1], "runner_create_timestamp"));
        Assert.Equal(TimeSpan.FromSeconds(2), Time(runs[0], "runner_start_timestamp") - Time(runs[0], "runner_create_timestamp"));
        Assert.Equal(TimeSpan.FromSeconds(2), Time(runs[1], "runner_start_timestamp") - Time(runs[1], "runner_create_timestamp"));
    }

    [Fact]
    public async Task LongSchedule_ProgressesAsTheClockMoves_AndTakesOverAbsoluteEndTime()
    {
        var id = await _emulator.AddRunAsync(new
        {
            runner_end_timestamp = "2030-01-01T00:00:00Z",
            schedule = new object[]
            {
                new { status = "queued", seconds = 600 },
                new { status = "running", seconds = 3600 },
                new { status = "cancelled", remark = "Cancelled by user" },
            },
        });

        Assert.Equal("queued", await StatusAsync(id));
        await AdvanceAsync(600);
        Assert.Equal("running", await StatusAsync(id));
        // The emulator's clock also runs in real time: the margin keeps a busy machine's seconds
        // from reaching the end early.
        await AdvanceAsync(3000);
        Assert.Equal("running", await StatusAsync(id));
        await AdvanceAsync(600);

        var run = (await _emulator.GetRunAsync(id)).Json.GetProperty("test_run");
        Assert.Equal("cancelled", run.GetProperty("runner_status").GetString());
        Assert.Equal("Cancelled by user", run.GetProperty("remark").GetString());
        Assert.Equal("2030-01-01T00:00:00Z", run.GetProperty("runner_end_timestamp").GetString());
        Assert.Equal(TimeSpan.FromSeconds(600), Time(run, "runner_start_timestamp") - Time(run, "runner_create_timestamp"));
    }

    [Fact]
    public async Task ApiKey_ExpiresWhenTheClockPassesItsExpiry()
    {
        var now = DateTimeOffset.Parse(
            (await _emulator.SendAsync(HttpMethod.Get, "/_emulator/clock")).Json.GetProperty("now").GetString()!,
            CultureInfo.InvariantCulture);
        await _emulator.Control.AddRunsAsync(new
        {
            api_keys = new[] { new { key = "short-lived-key", expires_at = now.AddSeconds(120).ToString("O", CultureInfo.InvariantCulture) } },
        });

        Assert.Equal(HttpStatusCode.OK, (await _emulator.GetRunAsync("testrun_01", "short-lived-key")).Status);
        await AdvanceAsync(121);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _emulator.GetRunAsync("testrun_01", "short-lived-key")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _emulator.GetRunAsync("testrun_01")).Status);
    }

    [Fact]
    public async Task Clock_NeverGoesBack()
    {
        var response = await _emulator.SendAsync(HttpMethod.Post, "/_emulator/clock", """{"advance_seconds": -5}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(0, (await _emulator.SendAsync(HttpMethod.Get, "/_emulator/clock")).Json.GetProperty("offset_seconds").GetDouble());
    }

    private async Task AdvanceAsync(double seconds)
    {
        var response = await _emulator.SendAsync(
            HttpMethod.Post, "/_emulator/clock", JsonSerializer.Serialize(new { advance_seconds = seconds }));
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    private async Task<string?> StatusAsync(string id) =>
        (await _emulator.GetRunAsync(id)).Json.GetProperty("test_run").GetProperty("runner_status").GetString();

    private static IEnumerable<string?> Statuses(ApiResponse trigger) =>
        trigger.Json.GetProperty("test_runs").EnumerateArray().Select(r => r.GetProperty("runner_status").GetString());

    private static DateTimeOffset Time(JsonElement run, string field) =>
        DateTimeOffset.Parse(run.GetProperty(field).GetString()!, CultureInfo.InvariantCulture);
}

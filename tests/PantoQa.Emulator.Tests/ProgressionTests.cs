using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>Runs move through their schedules in real time, as a polling client sees them.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class ProgressionTests(SharedEmulator shared)
{
    [Fact]
    public async Task RunWithShortSteps_MovesThroughItsScheduleAndFillsInTimestamps()
    {
        var trigger = Api.UniqueId("trigger");
        var id = await shared.Emulator.AddRunAsync(new
        {
            trigger_id = trigger,
            schedule = new object[]
            {
                // Two seconds a step leaves room for a slow poll on a busy machine.
                new { status = "queued", seconds = 2 },
                new { status = "in_process", seconds = 2 },
                new { status = "failed", remark = "Assertion failed on checkout button" },
            },
        });

        var seen = new List<JsonElement>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            var run = (await shared.Emulator.GetRunAsync(id)).Json.GetProperty("test_run");
            if (seen.Count == 0 || Status(seen[^1]) != Status(run))
            {
                seen.Add(run.Clone());
            }

            if (Status(run) == "failed")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(["queued", "in_process", "failed"], seen.Select(Status));
        var (queued, running, failed) = (seen[0], seen[1], seen[2]);

        Assert.Equal(JsonValueKind.Null, queued.GetProperty("runner_start_timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("runner_end_timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("remark").ValueKind);

        var created = Time(running, "runner_create_timestamp");
        Assert.Equal(created.AddSeconds(2), Time(running, "runner_start_timestamp"));
        Assert.Equal(JsonValueKind.Null, running.GetProperty("runner_end_timestamp").ValueKind);

        Assert.Equal(created.AddSeconds(2), Time(failed, "runner_start_timestamp"));
        Assert.Equal(created.AddSeconds(4), Time(failed, "runner_end_timestamp"));
        Assert.Equal("Assertion failed on checkout button", failed.GetProperty("remark").GetString());

        // created_at defaults to the moment the run was loaded.
        Assert.Equal(created, Time(failed, "created_at"));
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        var triggerResponse = await shared.Emulator.GetTriggerAsync(trigger);
        Assert.Equal("failed", triggerResponse.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SingleStepTerminalRun_HasEveryTimestampFromTheStart()
    {
        var id = await shared.Emulator.AddRunAsync(new { status = "passed" });

        var run = (await shared.Emulator.GetRunAsync(id)).Json.GetProperty("test_run");

        var created = Time(run, "runner_create_timestamp");
        Assert.Equal(created, Time(run, "runner_start_timestamp"));
        Assert.Equal(created, Time(run, "runner_end_timestamp"));
    }

    [Fact]
    public async Task AbsoluteTimestamps_ReplaceComputedOnesOnlyOnceReached()
    {
        var id = await shared.Emulator.AddRunAsync(new
        {
            created_at = "2026-01-02T03:04:05Z",
            runner_create_timestamp = "2026-01-02T03:04:06Z",
            runner_start_timestamp = "2026-01-02T03:05:00Z",
            runner_end_timestamp = "2026-01-02T03:09:00+02:00",
            schedule = new object[] { new { status = "pending", seconds = 600 }, new { status = "passed" } },
        });

        var run = (await shared.Emulator.GetRunAsync(id)).Json.GetProperty("test_run");

        Assert.Equal("pending", Status(run));
        Assert.Equal("2026-01-02T03:04:05Z", run.GetProperty("created_at").GetString());
        Assert.Equal("2026-01-02T03:04:06Z", run.GetProperty("runner_create_timestamp").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("runner_start_timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("runner_end_timestamp").ValueKind);
    }

    [Fact]
    public async Task TimestampsWithAnOffset_AreShownInUtc()
    {
        var id = await shared.Emulator.AddRunAsync(new { created_at = "2026-01-02T05:04:05.789+02:00", status = "passed" });

        var response = await shared.Emulator.GetRunAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("2026-01-02T03:04:05Z", response.Json.GetProperty("test_run").GetProperty("created_at").GetString());
    }

    private static string? Status(JsonElement run) => run.GetProperty("runner_status").GetString();

    private static DateTimeOffset Time(JsonElement run, string field)
    {
        var text = run.GetProperty(field).GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }
}

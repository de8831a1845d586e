using System.Net;
using System.Text.Json;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// GET and POST /_emulator/trigger-settings: how new trigger requests behave, changed while the
/// emulator runs. Every test sets the settings it needs first, as POST replaces them all.
/// </summary>
public sealed class TriggerSettingsTests(TriggerSettingsTests.Emulator fixture) : IClassFixture<TriggerSettingsTests.Emulator>
{
    private const string Documented = """{"id_in_response":false,"visibility_delay_ms":0,"run_trigger_id":null,"aggregate_status":null}""";

    private EmulatorProcess Server => fixture.Process;

    [Fact]
    public async Task Defaults_AreTheDocumentedBehaviour_AndAnEmptyBodyRestoresThem()
    {
        await Server.Control.SetTriggerSettingsAsync(new { id_in_response = true, aggregate_status = "weird" });

        JsonAssert.Equal(Documented, await Server.Control.SetTriggerSettingsAsync(new { }));
        JsonAssert.Equal(Documented, await Server.Control.TriggerSettingsAsync());
    }

    [Fact]
    public async Task IdInResponse_CanBeSwitchedAtRuntime()
    {
        await Server.Control.SetTriggerSettingsAsync(new { id_in_response = true });
        var with = await TriggerAsync();
        await Server.Control.SetTriggerSettingsAsync(new { id_in_response = false });
        var without = await TriggerAsync();

        Assert.Equal(await RealTriggerIdAsync(with), with.GetProperty("trigger_id").GetString());
        Assert.Equal(["message", "test_runs"], without.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task VisibilityDelay_CanBeSetAtRuntime()
    {
        await Server.Control.SetTriggerSettingsAsync(new { visibility_delay_ms = 60_000 });
        var runId = FirstRun(await TriggerAsync());
        var triggerId = (await Server.Control.TriggeredAsync())[^1].TriggerId;

        Assert.Equal(HttpStatusCode.NotFound, (await Server.GetRunAsync(runId)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.GetTriggerAsync(triggerId)).Status);
        await Server.Control.AdvanceClockAsync(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await Server.GetRunAsync(runId)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Server.GetTriggerAsync(triggerId)).Status);
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("")]
    [InlineData("t1")]
    public async Task RunTriggerId_IsWhatTheRunsAndTheResponseCarry_WhileTheTriggerKeepsItsRealId(string runTriggerId)
    {
        await Server.Control.SetTriggerSettingsAsync(new { id_in_response = true, run_trigger_id = runTriggerId });

        var response = await TriggerAsync();

        Assert.Equal(runTriggerId, response.GetProperty("trigger_id").GetString());
        var run = (await Server.GetRunAsync(FirstRun(response))).Json.GetProperty("test_run");
        Assert.Equal(runTriggerId, run.GetProperty("trigger_id").GetString());
        var realId = await RealTriggerIdAsync(response);
        Assert.StartsWith("trigger_", realId);
        var byRealId = await Server.GetTriggerAsync(realId);
        Assert.Equal(HttpStatusCode.OK, byRealId.Status);
        Assert.Equal(runTriggerId, byRealId.Json.GetProperty("test_runs")[0].GetProperty("trigger_id").GetString());
        Assert.DoesNotContain(byRealId.Json.GetProperty("test_runs").EnumerateArray(), r => r.GetProperty("id").GetString() == "r1");
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("Passed")]
    [InlineData("weird")]
    [InlineData("")]
    public async Task FixedAggregate_IsServedFromTheFirstAnswerOn_WhileTheRunsProgress(string served)
    {
        await Server.Control.SetTriggerSettingsAsync(new { aggregate_status = served });
        var response = await TriggerAsync();
        var triggerId = await RealTriggerIdAsync(response);

        var first = (await Server.GetTriggerAsync(triggerId)).Json;
        Assert.Equal(served, first.GetProperty("status").GetString());
        Assert.Equal("queued", first.GetProperty("test_runs")[0].GetProperty("runner_status").GetString());

        await Server.Control.AdvanceClockAsync(TimeSpan.FromSeconds(10));
        // Twice: the second answer comes from the bytes cached once the runs were final.
        foreach (var _ in new[] { 1, 2 })
        {
            var final = (await Server.GetTriggerAsync(triggerId)).Json;
            Assert.Equal(served, final.GetProperty("status").GetString());
            Assert.Equal("passed", final.GetProperty("test_runs")[0].GetProperty("runner_status").GetString());
        }
    }

    [Fact]
    public async Task MappedAggregate_ReplacesTheComputedStatusesItNames_AndServesOthersAsComputed()
    {
        var inForce = await Server.Control.SetTriggerSettingsAsync(new { aggregate_status = new { passed = "Passed", in_process = "IN_PROCESS" } });
        JsonAssert.Equal("""{"passed":"Passed","in_process":"IN_PROCESS"}""", inForce.GetProperty("aggregate_status"));
        var passing = await RealTriggerIdAsync(await TriggerAsync("discovery"));
        var failing = await RealTriggerIdAsync(await TriggerAsync("payments"));

        Assert.Equal("IN_PROCESS", await StatusAsync(passing));
        Assert.Equal("IN_PROCESS", await StatusAsync(failing));
        await Server.Control.AdvanceClockAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Passed", await StatusAsync(passing));
        Assert.Equal("Passed", await StatusAsync(passing));
        Assert.Equal("failed", await StatusAsync(failing));
    }

    [Fact]
    public async Task Settings_ApplyToNewTriggersOnly()
    {
        await Server.Control.SetTriggerSettingsAsync(new { aggregate_status = "weird", run_trigger_id = "  " });
        var before = await TriggerAsync();
        await Server.Control.SetTriggerSettingsAsync(new { });
        var after = await TriggerAsync();
        await Server.Control.AdvanceClockAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("weird", await StatusAsync(await RealTriggerIdAsync(before)));
        Assert.Equal("  ", (await Server.GetRunAsync(FirstRun(before))).Json.GetProperty("test_run").GetProperty("trigger_id").GetString());
        var afterId = await RealTriggerIdAsync(after);
        Assert.Equal("passed", await StatusAsync(afterId));
        Assert.Equal(afterId, (await Server.GetRunAsync(FirstRun(after))).Json.GetProperty("test_run").GetProperty("trigger_id").GetString());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("""{"id_in_response":"yes"}""")]
    [InlineData("""{"id_in_response":null}""")]
    [InlineData("""{"visibility_delay_ms":-1}""")]
    [InlineData("""{"visibility_delay_ms":1.5}""")]
    [InlineData("""{"run_trigger_id":5}""")]
    [InlineData("""{"aggregate_status":5}""")]
    [InlineData("""{"aggregate_status":["passed"]}""")]
    [InlineData("""{"aggregate_status":{"pass":"Passed"}}""")]
    [InlineData("""{"aggregate_status":{"passed":1}}""")]
    [InlineData("""{"aggregate":"passed"}""")]
    public async Task BadSettings_AreRefused_AndTheOldOnesStay(string body)
    {
        await Server.Control.SetTriggerSettingsAsync(new { run_trigger_id = "kept" });

        var response = await Server.SendAsync(HttpMethod.Post, "/_emulator/trigger-settings", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotEqual("", response.Json.GetProperty("error").GetString());
        Assert.Equal("kept", (await Server.Control.TriggerSettingsAsync()).GetProperty("run_trigger_id").GetString());
    }

    [Fact]
    public async Task Reset_KeepsTheSettings()
    {
        var inForce = await Server.Control.SetTriggerSettingsAsync(new { id_in_response = true, aggregate_status = "weird" });

        await Server.Control.ResetAsync();

        JsonAssert.Equal(inForce.GetRawText(), await Server.Control.TriggerSettingsAsync());
    }

    [Fact]
    public async Task OtherMethods_Are405()
    {
        using var response = await Server.Http.DeleteAsync("/_emulator/trigger-settings");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
    }

    private async Task<JsonElement> TriggerAsync(string team = "discovery")
    {
        var response = await Server.TriggerFlowsAsync(new
        {
            app_id = "app_01",
            tags = new { include = new { team = new[] { team } } },
            devices = new[] { new { platform = "android", device_name = "Pixel 6", platform_version = "14" } },
        });
        Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        return response.Json;
    }

    private static string FirstRun(JsonElement triggerResponse) => triggerResponse.GetProperty("test_runs")[0].GetString()!;

    /// <summary>The id the trigger is stored under, whatever its runs and the response say.</summary>
    private async Task<string> RealTriggerIdAsync(JsonElement triggerResponse)
    {
        var runId = FirstRun(triggerResponse);
        return (await Server.Control.TriggeredAsync()).Single(t => t.TestRuns.Contains(runId)).TriggerId;
    }

    private async Task<string?> StatusAsync(string triggerId) =>
        (await Server.GetTriggerAsync(triggerId)).Json.GetProperty("status").GetString();

    public sealed class Emulator : IAsyncLifetime
    {
        public EmulatorProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() => Process = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}

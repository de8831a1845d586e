using System.Text.Json;
using PantoQa.Client.Http;
using PantoQa.Client.Models;

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>Trigger requests against the default scenario's catalog, and what the emulator saw of them.</summary>
public static class Triggers
{
    public static readonly TriggerDevice Pixel = new("android", "Pixel 6", "14");

    /// <summary>How long a cancelled trigger may take to end: far above what it takes, far below what it would wait otherwise.</summary>
    public static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    /// <summary>Root flows of one team: payments (flow_01), identity (flow_login) or discovery (flow_search).</summary>
    public static TriggerRequest FlowsOf(string team, string appId = "app_01", string? env = null, string? context = null) =>
        new(appId, TriggerTags.Include([new KeyValuePair<string, IEnumerable<string>>("team", [team])]), [Pixel], env, context);

    public static TriggerStarter Starter(PantoClient client, TimeSpan? idWait = null) => new(client)
    {
        TriggerIdWait = idWait ?? TimeSpan.FromSeconds(10),
        TriggerIdPollInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>A stub server's answer to GET test-run/{id}: a queued run of the given trigger.</summary>
    public static byte[] StubRun(string id, string triggerId) =>
        StubServer.Response(200, "application/json", $$$"""{"test_run":{"id":"{{{id}}}","runner_status":"queued","trigger_id":"{{{triggerId}}}"}}""");

    /// <summary>The trigger requests that took effect, whatever the client was told: GET /_emulator/triggered.</summary>
    public static async Task<IReadOnlyList<(string TriggerId, string[] Runs)>> TriggeredAsync(EmulatorProcess emulator)
    {
        using var document = JsonDocument.Parse(await emulator.Http.GetStringAsync("/_emulator/triggered"));
        return [.. document.RootElement.EnumerateArray().Select(e => (
            e.GetProperty("trigger_id").GetString()!,
            e.GetProperty("test_runs").EnumerateArray().Select(r => r.GetString()!).ToArray()))];
    }

    /// <summary>How many trigger POSTs reached the emulator, once nothing more is on its way.</summary>
    public static async Task<int> PostsAsync(EmulatorProcess emulator, int atLeast)
    {
        await emulator.Control.ApiRequestsAsync(atLeast);
        // A resent POST would be logged by now.
        await Task.Delay(300);
        return (await emulator.Control.ApiRequestsAsync()).Count(r => r.RawTarget.EndsWith("/trigger", StringComparison.Ordinal));
    }
}

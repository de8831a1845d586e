using PantoQa.Emulator.Tests.Infrastructure;
using static PantoQa.Emulator.Tests.Infrastructure.FaultSequences;

namespace PantoQa.Emulator.Tests;

/// <summary>The same seed gives the same faults in the same order in two separate processes.</summary>
public sealed class FaultDeterminismTests
{
    [Fact]
    public async Task SameSeed_GivesTheSameSequenceInTwoProcesses_AndStatsCountIt()
    {
        string[] options = ["--big-trigger-runs", "0", "--fault-rate", "0.5", "--fault-seed", "42", "--fault-kinds", "500,503,429"];
        var starting = new[] { EmulatorProcess.StartAsync(options), EmulatorProcess.StartAsync(options) };
        await using var first = await starting[0];
        await using var second = await starting[1];

        var fromFirst = await StatusesAsync(first);
        var fromSecond = await StatusesAsync(second);

        Assert.Equal(fromFirst, fromSecond);
        Assert.Contains(200, fromFirst);
        Assert.Contains(500, fromFirst);
        Assert.Contains(503, fromFirst);
        Assert.Contains(429, fromFirst);

        var stats = (await first.SendAsync(HttpMethod.Get, "/_emulator/stats")).Json;
        Assert.Equal(Requests, stats.GetProperty("requests_served").GetInt32());
        Assert.Equal(fromFirst.Count(s => s != 200), stats.GetProperty("faults_injected").GetInt32());
        var byKind = stats.GetProperty("faults_by_kind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(["429", "500", "503"], byKind.Keys.Order());
        foreach (var kind in byKind.Keys)
        {
            Assert.Equal(fromFirst.Count(s => s.ToString() == kind), byKind[kind]);
        }

        // The same configuration posted at runtime starts the very same sequence again.
        await second.Control.SetFaultsAsync(new { rate = 0.5, seed = 42, kinds = new[] { "500", "503", "429" } });
        Assert.Equal(fromFirst, await StatusesAsync(second));
    }
}

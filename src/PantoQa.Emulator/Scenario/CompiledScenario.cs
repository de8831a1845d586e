using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Scenario;

/// <summary>A scenario checked and resolved, ready to be added to the store in one piece.</summary>
public sealed record CompiledScenario(
    IReadOnlyList<TestSuite> Suites,
    IReadOnlyList<TestFlow> Flows,
    IReadOnlyList<EmulatedTrigger> Triggers,
    IReadOnlyList<ApiKey> ApiKeys)
{
    public IEnumerable<EmulatedRun> Runs => Triggers.SelectMany(t => t.Runs);
}

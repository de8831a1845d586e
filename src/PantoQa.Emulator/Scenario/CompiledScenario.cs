using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Scenario;

/// <summary>A scenario checked and resolved, ready to be added to the store in one piece.</summary>
public sealed record CompiledScenario(
    IReadOnlyList<TestSuite> Suites,
    IReadOnlyList<TestFlow> Flows,
    IReadOnlyList<EmulatedTrigger> Triggers,
    IReadOnlyList<ApiKey> ApiKeys,
    IReadOnlyList<Build>? Builds = null,
    IReadOnlyList<NamedEntity>? Environments = null,
    IReadOnlyList<NamedEntity>? Contexts = null)
{
    public IEnumerable<EmulatedRun> Runs => Triggers.SelectMany(t => t.Runs);
}

using PantoQa.Emulator.Status;

namespace PantoQa.Emulator.Store;

/// <summary>The runs one trigger request created; fixed once loaded, like a real trigger.</summary>
public sealed class EmulatedTrigger(string id, IReadOnlyList<EmulatedRun> runs)
{
    public string Id { get; } = id;
    public IReadOnlyList<EmulatedRun> Runs { get; } = runs;

    /// <summary>Before this moment the API answers 404 for the trigger; see <see cref="EmulatedRun.VisibleFrom"/>.</summary>
    public DateTimeOffset VisibleFrom { get; init; } = DateTimeOffset.MinValue;

    /// <summary>What GET test-runs-by-trigger serves as the status in place of the computed one; null to serve it as computed.</summary>
    public ServedAggregate? ServedStatus { get; init; }

    /// <summary>The whole response, filled once every run reached its last step.</summary>
    internal byte[]? FinalResponseJson { get; set; }
}

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>
/// One fault-free emulator with the default scenario for the tests that only read it or add runs
/// under unique ids. Tests that inject faults start their own, as faults are global to a process.
/// </summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; private set; } = null!;

    /// <summary>Runs in the generated trigger "big": enough to be a large payload, few enough to start fast.</summary>
    public const int BigTriggerRuns = 2000;

    public async Task InitializeAsync() =>
        Emulator = await ClientEmulator.StartAsync("--big-trigger-runs", BigTriggerRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedEmulatorCollection : ICollectionFixture<SharedEmulator>
{
    public const string Name = "shared emulator";
}

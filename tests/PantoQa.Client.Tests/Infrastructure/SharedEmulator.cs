namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>
/// One fault-free emulator with the default scenario for the tests that only read it or add runs
/// under unique ids. Tests that inject faults start their own, as faults are global to a process.
/// </summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "10000");

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedEmulatorCollection : ICollectionFixture<SharedEmulator>
{
    public const string Name = "shared emulator";
}

namespace PantoQa.Emulator.Tests.Infrastructure;

/// <summary>
/// One emulator with the default scenario for every test that only reads it or adds runs with
/// unique ids. Tests that change global state (faults, clock, reset) start their own.
/// </summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    public const string ExtraKey = "extra-key-from-command-line";

    public EmulatorProcess Emulator { get; private set; } = null!;

    public string RequestLogPath { get; } = Path.Combine(Path.GetTempPath(), $"pantoqa-emulator-{Guid.NewGuid():N}.jsonl");

    public async Task InitializeAsync() =>
        Emulator = await EmulatorProcess.StartAsync("--api-key", ExtraKey, "--request-log", RequestLogPath);

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        File.Delete(RequestLogPath);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedEmulatorCollection : ICollectionFixture<SharedEmulator>
{
    public const string Name = "shared emulator";
}

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>
/// An emulator of a test class's own, for tests that inject faults. xunit runs the tests of one
/// class one after another, so each can set the faults it needs and reset the log without
/// disturbing another.
/// </summary>
public sealed class FaultEmulator : IAsyncLifetime
{
    public EmulatorProcess Emulator { get; private set; } = null!;

    public EmulatorControl Control => Emulator.Control;

    public async Task InitializeAsync() => Emulator = await ClientEmulator.StartAsync();

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>Sets the faults and empties the log, so the test sees only its own requests.</summary>
    public async Task FaultAsync(double rate, string[] kinds, int? delayMs = null, string? retryAfter = null, string? redirectTo = null, long seed = 0)
    {
        await Control.SetFaultsAsync(rate, kinds, delayMs, retryAfter, redirectTo, seed);
        await Control.ResetAsync();
    }
}

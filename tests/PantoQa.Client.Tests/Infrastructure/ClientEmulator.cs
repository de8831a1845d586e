namespace PantoQa.Client.Tests.Infrastructure;

public static class ClientEmulator
{
    /// <summary>An emulator that trusts <see cref="Keys.Secret"/>, the key the test clients send.</summary>
    /// <param name="args">Further emulator options. The big generated trigger is left out unless
    /// asked for, because building it slows every start.</param>
    public static Task<EmulatorProcess> StartAsync(params string[] args) =>
        EmulatorProcess.StartAsync(args.Contains("--big-trigger-runs")
            ? ["--api-key", Keys.Secret, .. args]
            : ["--api-key", Keys.Secret, "--big-trigger-runs", "0", .. args]);
}

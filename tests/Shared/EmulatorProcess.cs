using System.Diagnostics;

namespace PantoQa.Testing;

/// <summary>
/// A real emulator in its own process on a free loopback port, as scripts and the other test
/// suites use it: `dotnet PantoQa.Emulator.dll --urls http://127.0.0.1:0`, then the first
/// stdout line "listening http://127.0.0.1:PORT". Killed by its process id on dispose.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        // Redirects are not followed, so that a test sees the emulator's redirect fault as sent.
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        Control = new EmulatorControl(Http);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The emulator's own /_emulator endpoints: faults, request log, stats, runs.</summary>
    public EmulatorControl Control { get; }

    /// <summary>
    /// PANTOQA_EMULATOR_DLL wins when set (CI may test a published build); otherwise the path the
    /// test project's build wrote beside this assembly.
    /// </summary>
    private static string AssemblyPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("PANTOQA_EMULATOR_DLL") is { Length: > 0 } fromEnvironment)
            {
                return fromEnvironment;
            }

            return File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PantoQa.Emulator.path")).Trim();
        }
    }

    /// <param name="args">Emulator options after --urls, passed as they are.</param>
    public static async Task<EmulatorProcess> StartAsync(params string[] args)
    {
        var process = Process.Start(StartInfo(["--urls", "http://127.0.0.1:0", .. args]))
            ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        string? firstLine;
        try
        {
            firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            firstLine = null;
        }

        if (firstLine is null || !firstLine.StartsWith("listening http://", StringComparison.Ordinal))
        {
            Kill(process);
            throw new InvalidOperationException(
                $"The emulator did not announce itself. First line: '{firstLine}'. Stderr: {await stderr}");
        }

        // Keep draining stdout so the emulator can never block on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return new EmulatorProcess(process, new Uri(firstLine["listening ".Length..]));
    }

    /// <summary>Runs the emulator with arguments expected to make it exit by itself (help, bad options).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))
            ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException("The emulator was expected to exit but kept running.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        // The same dotnet host that runs the tests, so a machine with several SDKs uses one.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}

namespace PantoQa.Emulator.Hosting;

/// <summary>
/// Why the emulator could not start, as one line on stderr: what is wrong, then what to do.
/// Scripts that start it show stderr when the "listening" line never comes, and one line reads
/// better there than a stack trace.
/// </summary>
internal static class StartupError
{
    public const int BadCommandLine = 2;
    public const int CannotListen = 1;

    public static async Task<int> ReportAsync(int exitCode, string problem, string whatToDo)
    {
        // Messages passed through from exceptions may span lines or lack their full stop.
        var line = string.Join(' ', problem.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (!line.EndsWith('.'))
        {
            line += ".";
        }

        await Console.Error.WriteLineAsync($"{line} {whatToDo}");
        return exitCode;
    }
}

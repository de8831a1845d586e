using System.Net;
using System.Text.RegularExpressions;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

/// <summary>
/// The README's tables of options, control endpoints and fault kinds against what the emulator
/// does, so that the one place users read them cannot fall behind.
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public async Task OptionsTable_ListsWhatHelpLists()
    {
        var (_, stdout, _) = await EmulatorProcess.RunToExitAsync("--help");
        var inHelp = stdout.Split('\n')
            .Where(line => line.StartsWith("  -", StringComparison.Ordinal))
            .Select(line => line.Trim().Split(' ')[0]);

        var inReadme = FirstCells("## Command line").Select(cell => Code().Match(cell).Groups[1].Value.Split(' ')[0]);

        Assert.Equal(inHelp.Order(StringComparer.Ordinal), inReadme.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FaultKindsTable_ListsEveryKnownKind()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");
        // The refusal of an unknown kind lists the known ones.
        var refusal = await emulator.SendAsync(HttpMethod.Post, "/_emulator/faults", """{"kinds":["?"]}""");
        var known = refusal.Json.GetProperty("error").GetString()!.Split("Known: ")[1].TrimEnd('.').Split(", ");

        var inReadme = FirstCells("## Fault injection").SelectMany(cell => Code().Matches(cell).Select(m => m.Groups[1].Value));

        Assert.Equal(known.Order(StringComparer.Ordinal), inReadme.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ControlEndpointsTable_ListsEndpointsThatExist()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");
        var endpoints = FirstCells("## Control endpoints").Select(cell => Code().Match(cell).Groups[1].Value.Split(' ')).ToList();
        Assert.Contains(["POST", "/_emulator/trigger-settings"], endpoints);

        foreach (var endpoint in endpoints)
        {
            // An empty body: a POST may be refused as invalid, but never as unknown.
            var response = await emulator.SendAsync(new HttpMethod(endpoint[0]), endpoint[1], endpoint[0] == "GET" ? null : "");
            Assert.True(
                response.Status is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed),
                $"{string.Join(' ', endpoint)} answered {(int)response.Status}");
        }
    }

    /// <summary>The first cell of every row of the first table in the section, header and rule left out.</summary>
    private static IEnumerable<string> FirstCells(string heading)
    {
        using var stream = typeof(ReadmeTests).Assembly.GetManifestResourceStream("EmulatorReadme.md")!;
        var lines = new StreamReader(stream).ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r'));
        return lines
            .SkipWhile(line => line != heading)
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2)
            .Select(line => line.Split('|')[1]);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}

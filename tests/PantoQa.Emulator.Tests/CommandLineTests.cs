using System.Net;
using System.Text.RegularExpressions;
using PantoQa.Emulator.Tests.Infrastructure;

namespace PantoQa.Emulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task CustomScenario_ReplacesTheDefault_AndBigTriggerSizeIsAnOption()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"pantoqa-scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, """
            // Comments and trailing commas are fine in hand-written scenarios.
            {
              "api_keys": [ { "key": "custom-key" } ],
              "flows": [ { "id": "only_flow", "name": "Only flow" } ],
              "runs": [ { "id": "only_run", "trigger_id": "only_trigger", "test_flow_id": "only_flow", "status": "passed" }, ],
            }
            """);
        try
        {
            await using var emulator = await EmulatorProcess.StartAsync("--scenario", scenario, "--big-trigger-runs", "25");

            Assert.Equal(HttpStatusCode.OK, (await emulator.GetTriggerAsync("only_trigger", "custom-key")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await emulator.GetRunAsync("testrun_01", "custom-key")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await emulator.GetRunAsync("only_run")).Status);
            var big = await emulator.GetTriggerAsync("big", "custom-key");
            Assert.Equal(25, big.Json.GetProperty("test_runs").GetArrayLength());
            Assert.Equal("big_00025", big.Json.GetProperty("test_runs")[24].GetProperty("id").GetString());
        }
        finally
        {
            File.Delete(scenario);
        }
    }

    [Fact]
    public async Task BigTrigger_CanBeLeftOut()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        Assert.Equal(HttpStatusCode.NotFound, (await emulator.GetTriggerAsync("big")).Status);
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetTriggerAsync("t1")).Status);
    }

    [Fact]
    public async Task ListeningLine_NamesTheChosenPort()
    {
        await using var emulator = await EmulatorProcess.StartAsync("--big-trigger-runs", "0");

        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
        Assert.NotEqual(0, emulator.BaseAddress.Port);
        Assert.Equal("/", emulator.BaseAddress.AbsolutePath);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--fault-rate", "lots")]
    [InlineData("--fault-kinds", "500,teapot")]
    [InlineData("--big-trigger-runs", "-1")]
    [InlineData("--scenario")]
    [InlineData("--scenario", "/no/such/scenario.json")]
    public async Task BadCommandLine_ExitsWithCodeTwoAndSaysWhy(params string[] args)
    {
        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.NotEqual("", stderr.Trim());
    }

    [Theory]
    [InlineData("http://localhost:0")]
    [InlineData("not-a-url")]
    public async Task UnusableUrl_ExitsWithCodeOne(string url)
    {
        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--urls", url, "--big-trigger-runs", "0");

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("Cannot listen on " + url, stderr);
    }

    [Fact]
    public async Task Help_ListsEveryOptionTheParserKnows()
    {
        // Read from the parser's source, so an option handled anywhere without a help line fails here.
        var parsed = OptionNamesInSource();
        Assert.Contains("--urls", parsed);

        var (exitCode, stdout, _) = await EmulatorProcess.RunToExitAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: panto-emulator [options]", stdout);
        var listed = stdout.Split('\n')
            .Where(line => line.StartsWith("  -", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .ToDictionary(line => line.Split(' ')[0], line => line);
        Assert.Empty(parsed.Except(listed.Keys));
        foreach (var (name, line) in listed)
        {
            // A synopsis, then at least two spaces, then words: no option without its help.
            Assert.Matches(@"^\S+( \S+)?\s{2,}\w.{10,}$", line);
            Assert.True(parsed.Contains(name), $"--help lists {name}, which the parser does not know.");
        }
    }

    private static HashSet<string> OptionNamesInSource()
    {
        var assembly = typeof(CommandLineTests).Assembly;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("EmulatorHosting/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            foreach (Match match in Regex.Matches(reader.ReadToEnd(), "\"(--[a-z][a-z0-9-]*)"))
            {
                names.Add(match.Groups[1].Value);
            }
        }

        return names;
    }
}

using System.Net;
using System.Net.Sockets;
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
    [InlineData("--request-log", "/no/such/folder/requests.jsonl")]
    public async Task BadCommandLine_ExitsWithCodeTwo_SayingWhyInOneLine(params string[] args)
    {
        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Matches(@"\. (Run with --help to see the options|Check the path given to --request-log)\.$", AssertOneLine(stderr));
    }

    [Theory]
    [InlineData("missing", "there is no such file. Check the path given to --scenario.")]
    [InlineData("""{"runs": [""", "The scenario is not valid: ")]
    [InlineData("""{"runs": [{"id": "r"}]}""", "runs[0].trigger_id is required. Fix the file")]
    [InlineData("""{"flows": [], "typo": 1}""", "Fix the file, or leave out --scenario to use the built-in one.")]
    public async Task BadScenario_ExitsWithCodeTwo_NamingTheFileInOneLine(string content, string expected)
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"pantoqa-scenario-{Guid.NewGuid():N}.json");
        if (content != "missing")
        {
            await File.WriteAllTextAsync(scenario, content);
        }

        try
        {
            var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--scenario", scenario, "--big-trigger-runs", "0");

            Assert.Equal(2, exitCode);
            Assert.Equal("", stdout);
            var line = AssertOneLine(stderr);
            Assert.StartsWith($"Cannot load the scenario {scenario}: ", line);
            Assert.Contains(expected, line);
        }
        finally
        {
            File.Delete(scenario);
        }
    }

    [Fact]
    public async Task PortInUse_ExitsWithCodeOne_SayingWhatToDoInOneLine()
    {
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        try
        {
            var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

            var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--urls", url, "--big-trigger-runs", "0");

            Assert.Equal(1, exitCode);
            Assert.Equal("", stdout);
            Assert.Equal(
                $"Cannot listen on {url}: the address is already in use. Stop what holds it, or choose another port with --urls (port 0 picks a free one).",
                AssertOneLine(stderr));
        }
        finally
        {
            holder.Stop();
        }
    }

    [Theory]
    [InlineData("http://localhost:0")]
    [InlineData("not-a-url")]
    [InlineData("https://127.0.0.1:0")]
    public async Task UnusableUrl_ExitsWithCodeOne_SayingWhyInOneLine(string url)
    {
        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--urls", url, "--big-trigger-runs", "0");

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        var line = AssertOneLine(stderr);
        Assert.StartsWith("Cannot listen on " + url + ": ", line);
        Assert.EndsWith(". Give --urls http URLs such as http://127.0.0.1:0.", line);
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

    /// <returns>The one line on stderr, after checking that nothing else came: no stack trace, no host log.</returns>
    private static string AssertOneLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"stderr should be one line, but was:\n{stderr}");
        return lines[0];
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

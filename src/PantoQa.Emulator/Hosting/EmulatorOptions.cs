using System.Globalization;
using System.Text;
using PantoQa.Emulator.Faults;
using PantoQa.Emulator.Scenario;
using PantoQa.Emulator.Status;
using PantoQa.Emulator.Triggers;

namespace PantoQa.Emulator.Hosting;

/// <summary>The command line. Parsed by hand so that the host's own configuration never sees it.</summary>
public sealed record EmulatorOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    // Every option is defined once, with its help line beside it, so --help cannot fall behind
    // the parser: an option added here is listed in the order it appears.
    private static readonly OptionDefinition[] Definitions =
    [
        new("--urls", "URL[;URL]", "where to listen (default http://127.0.0.1:5080; port 0 picks a free port)",
            (state, value) => state.Options = state.Options with { Urls = value }),
        new("--scenario", "FILE", "load this scenario instead of the built-in default",
            (state, value) => state.Options = state.Options with { ScenarioPath = value }),
        new("--big-trigger-runs", "N", "runs in the generated trigger \"big\" (default 10000; 0 leaves it out)",
            (state, value) => state.Options = state.Options with { BigTriggerRuns = ParseBigTriggerRuns(value) }),
        new("--api-key", "KEY", "accept this API key too (repeatable)",
            (state, value) => state.ApiKeys.Add(value)),
        new("--fault-rate", "R", "share of /api requests that get a fault, 0 to 1 (default 0: off)",
            (state, value) => state.FaultRate = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)),
        new("--fault-seed", "S", "seed of the fault sequence (default 0)",
            (state, value) => state.FaultSeed = long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new("--fault-kinds", "A,B,...", "kinds to draw from (default 500,502,503,504,429)",
            (state, value) => state.FaultKinds = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]),
        new("--fault-delay-ms", "MS", "wait of the \"delay\" fault (default 3000)",
            (state, value) => state.FaultDelay = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new("--fault-retry-after", "V", "Retry-After of the \"429\" fault (default 1)",
            (state, value) => state.RetryAfter = value),
        new("--fault-redirect-to", "URL", "target host of the \"redirect\" fault (default http://127.0.0.2:9)",
            (state, value) => state.RedirectTo = value),
        new("--fault-methods", "M,M,...", "fault only requests of these HTTP methods (default: all)",
            (state, value) => state.FaultMethods = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]),
        new("--fault-max", "N", "inject at most N faults, then none (default: no limit)",
            (state, value) => state.MaxFaults = long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        new("--trigger-id-in-response", null, "add trigger_id to trigger responses (the documented shape has none)",
            (state, _) => state.Options = state.Options with { Triggers = state.Options.Triggers with { IdInResponse = true } }),
        new("--new-run-visibility-delay-ms", "MS", "new runs and their trigger answer 404 for MS (default 0)",
            (state, value) => state.Options = state.Options with { Triggers = state.Options.Triggers with { VisibilityDelay = ParseVisibilityDelay(value) } }),
        new("--run-trigger-id", "ID", "runs a trigger request creates carry ID as trigger_id, not the real id",
            (state, value) => state.Options = state.Options with { Triggers = state.Options.Triggers with { RunTriggerId = value } }),
        new("--aggregate-status", "S", "new triggers serve S as status, or map computed to served: {\"passed\":\"Passed\"}",
            (state, value) => state.Options = state.Options with { Triggers = state.Options.Triggers with { AggregateStatus = ServedAggregate.FromCommandLine(value, "--aggregate-status") } }),
        new("--request-log", "FILE", "also append every request to FILE as JSON lines",
            (state, value) => state.Options = state.Options with { RequestLogPath = value }),
        new("--help", null, "show this text",
            (state, _) => state.Options = state.Options with { ShowHelp = true }, Alias: "-h"),
    ];

    public static string Usage { get; } = FormatUsage();

    public string Urls { get; private init; } = DefaultUrls;
    public string? ScenarioPath { get; private init; }
    public int BigTriggerRuns { get; private init; } = BigTrigger.DefaultRunCount;
    public IReadOnlyList<string> ApiKeys { get; private init; } = [];
    public FaultConfig Faults { get; private init; } = FaultConfig.Off;
    public string? RequestLogPath { get; private init; }
    public TriggerSettings Triggers { get; private init; } = TriggerSettings.Documented;
    public bool ShowHelp { get; private init; }

    /// <exception cref="ArgumentException">The command line is not usable; the message says why.</exception>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var state = new ParseState();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            var definition = Array.Find(Definitions, d => d.Name == name || d.Alias == name)
                ?? throw new ArgumentException($"Unknown option {args[i]}.");
            string value;
            if (definition.ValueName is null || inlineValue is not null)
            {
                value = inlineValue ?? "";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            try
            {
                definition.Apply(state, value);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{definition.Name} takes a number, not '{value}'.");
            }
            catch (OverflowException)
            {
                throw new ArgumentException($"{definition.Name} is out of range: '{value}'.");
            }
        }

        return state.Options with
        {
            ApiKeys = state.ApiKeys,
            Faults = FaultConfig.Create(state.FaultRate, state.FaultSeed, state.FaultKinds, state.FaultDelay, state.RetryAfter, state.RedirectTo, state.FaultMethods, state.MaxFaults),
        };
    }

    private static string FormatUsage()
    {
        const int column = 28;
        var usage = new StringBuilder()
            .Append("Usage: panto-emulator [options]\n")
            .Append("       dotnet PantoQa.Emulator.dll [options]\n\n");
        foreach (var definition in Definitions)
        {
            var synopsis = definition.ValueName is null ? definition.Name : $"{definition.Name} {definition.ValueName}";
            // A synopsis wider than the column still keeps two spaces before its help.
            usage.Append("  ").Append(synopsis.PadRight(Math.Max(column - 3, synopsis.Length + 1))).Append(' ').Append(definition.Help).Append('\n');
        }

        return usage
            .Append("\nOptions take their value as the next argument or after '=' (--fault-rate=0.3).\n")
            .Append("The first line on stdout is \"listening <url>\" once the emulator accepts requests.\n")
            .ToString();
    }

    private static int ParseBigTriggerRuns(string value)
    {
        var runs = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return runs is < 0 or > BigTrigger.MaxRunCount
            ? throw new ArgumentException($"--big-trigger-runs must be between 0 and {BigTrigger.MaxRunCount}.")
            : runs;
    }

    private static TimeSpan ParseVisibilityDelay(string value)
    {
        var delay = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return delay < 0
            ? throw new ArgumentException("--new-run-visibility-delay-ms must not be negative.")
            : TimeSpan.FromMilliseconds(delay);
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    /// <summary>One option: its name, the placeholder of its value (null for a flag), its help line, and what it sets.</summary>
    private sealed record OptionDefinition(string Name, string? ValueName, string Help, Action<ParseState, string> Apply, string? Alias = null);

    /// <summary>What the options set while the command line is read; the fault parts are validated together at the end.</summary>
    private sealed class ParseState
    {
        public EmulatorOptions Options { get; set; } = new();
        public List<string> ApiKeys { get; } = [];
        public double? FaultRate { get; set; }
        public long? FaultSeed { get; set; }
        public List<string>? FaultKinds { get; set; }
        public int? FaultDelay { get; set; }
        public string? RetryAfter { get; set; }
        public string? RedirectTo { get; set; }
        public List<string>? FaultMethods { get; set; }
        public long? MaxFaults { get; set; }
    }
}

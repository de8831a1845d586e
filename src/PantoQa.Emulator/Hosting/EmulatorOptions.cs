using System.Globalization;
using PantoQa.Emulator.Faults;
using PantoQa.Emulator.Scenario;
using PantoQa.Emulator.Triggers;

namespace PantoQa.Emulator.Hosting;

/// <summary>The command line. Parsed by hand so that the host's own configuration never sees it.</summary>
public sealed record EmulatorOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string Usage = """
        Usage: dotnet PantoQa.Emulator.dll [options]

          --urls URL[;URL]          where to listen (default http://127.0.0.1:5080; port 0 picks a free port)
          --scenario FILE           load this scenario instead of the built-in default
          --big-trigger-runs N      runs in the generated trigger "big" (default 10000; 0 leaves it out)
          --api-key KEY             accept this API key too (repeatable)
          --fault-rate R            share of /api requests that get a fault, 0 to 1 (default 0: off)
          --fault-seed S            seed of the fault sequence (default 0)
          --fault-kinds A,B,...     kinds to draw from (default 500,502,503,504,429)
          --fault-delay-ms MS       wait of the "delay" fault (default 3000)
          --fault-retry-after V     Retry-After of the "429" fault (default 1)
          --fault-redirect-to URL   target host of the "redirect" fault (default http://127.0.0.2:9)
          --fault-methods M,M,...   fault only requests of these HTTP methods (default: all)
          --fault-max N             inject at most N faults, then none (default: no limit)
          --trigger-id-in-response  add trigger_id to trigger responses (the documented shape has none)
          --new-run-visibility-delay-ms MS
                                    runs and triggers a trigger request creates answer 404 for MS (default 0)
          --request-log FILE        also append every request to FILE as JSON lines
          --help                    show this text

        The first line on stdout is "listening <url>" once the emulator accepts requests.
        """;

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
        var options = new EmulatorOptions();
        var apiKeys = new List<string>();
        double? faultRate = null;
        long? faultSeed = null;
        List<string>? faultKinds = null;
        int? faultDelay = null;
        string? retryAfter = null;
        string? redirectTo = null;
        List<string>? faultMethods = null;
        long? maxFaults = null;

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "--help" or "-h":
                    options = options with { ShowHelp = true };
                    break;
                case "--urls":
                    options = options with { Urls = Value() };
                    break;
                case "--scenario":
                    options = options with { ScenarioPath = Value() };
                    break;
                case "--big-trigger-runs":
                    var runs = ParseNumber(name, Value(), v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));
                    if (runs is < 0 or > BigTrigger.MaxRunCount)
                    {
                        throw new ArgumentException($"{name} must be between 0 and {BigTrigger.MaxRunCount}.");
                    }

                    options = options with { BigTriggerRuns = runs };
                    break;
                case "--api-key":
                    apiKeys.Add(Value());
                    break;
                case "--fault-rate":
                    faultRate = ParseNumber(name, Value(), v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));
                    break;
                case "--fault-seed":
                    faultSeed = ParseNumber(name, Value(), v => long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));
                    break;
                case "--fault-kinds":
                    faultKinds = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                case "--fault-delay-ms":
                    faultDelay = ParseNumber(name, Value(), v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));
                    break;
                case "--fault-retry-after":
                    retryAfter = Value();
                    break;
                case "--fault-redirect-to":
                    redirectTo = Value();
                    break;
                case "--fault-methods":
                    faultMethods = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                case "--fault-max":
                    maxFaults = ParseNumber(name, Value(), v => long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));
                    break;
                case "--trigger-id-in-response":
                    options = options with { Triggers = options.Triggers with { IdInResponse = true } };
                    break;
                case "--new-run-visibility-delay-ms":
                    var delay = ParseNumber(name, Value(), v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));
                    if (delay < 0)
                    {
                        throw new ArgumentException($"{name} must not be negative.");
                    }

                    options = options with { Triggers = options.Triggers with { VisibilityDelay = TimeSpan.FromMilliseconds(delay) } };
                    break;
                case "--request-log":
                    options = options with { RequestLogPath = Value() };
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return options with
        {
            ApiKeys = apiKeys,
            Faults = FaultConfig.Create(faultRate, faultSeed, faultKinds, faultDelay, retryAfter, redirectTo, faultMethods, maxFaults),
        };
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static T ParseNumber<T>(string name, string value, Func<string, T> parse)
    {
        try
        {
            return parse(value);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{name} takes a number, not '{value}'.");
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"{name} is out of range: '{value}'.");
        }
    }
}

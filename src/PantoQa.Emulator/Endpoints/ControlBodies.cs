using System.Text.Json.Serialization;

namespace PantoQa.Emulator.Endpoints;

// Request and response bodies of the /_emulator control endpoints.

public sealed class FaultConfigBody
{
    public double? Rate { get; set; }
    public long? Seed { get; set; }
    public List<string>? Kinds { get; set; }
    public int? DelayMs { get; set; }
    public string? RetryAfter { get; set; }
    public string? RedirectTo { get; set; }
    public List<string>? Methods { get; set; }
    public long? MaxFaults { get; set; }
}

public sealed record StatsBody(long RequestsServed, long FaultsInjected, long MostInFlight, IDictionary<string, long> FaultsByKind);

public sealed record RunsAddedBody(
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> Flows,
    IReadOnlyList<string> Triggers,
    IReadOnlyList<string> Runs,
    int ApiKeys);

public sealed class ClockAdvanceBody
{
    public double? AdvanceSeconds { get; set; }
}

public sealed record ClockBody(string Now, double OffsetSeconds);

public sealed record ErrorBody(string Error);

public sealed record TriggeredBody(string Endpoint, string At, string TriggerId, IReadOnlyList<string> TestRuns);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FaultConfigBody))]
[JsonSerializable(typeof(StatsBody))]
[JsonSerializable(typeof(RunsAddedBody))]
[JsonSerializable(typeof(ClockAdvanceBody))]
[JsonSerializable(typeof(ClockBody))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(List<TriggeredBody>))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;

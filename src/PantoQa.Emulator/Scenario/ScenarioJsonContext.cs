using System.Text.Json;
using System.Text.Json.Serialization;

namespace PantoQa.Emulator.Scenario;

// Hand-written files: comments and trailing commas are welcome, misspelt fields are not
// (an unknown field fails the load instead of being silently ignored).
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ScenarioDocument))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;

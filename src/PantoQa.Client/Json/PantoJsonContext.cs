using System.Text.Json.Serialization;
using PantoQa.Client.Models;

namespace PantoQa.Client.Json;

/// <summary>
/// Source-generated serialization for every payload: no reflection at run time, so the first
/// call is fast and trimming cannot break it.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(TestRunBody))]
[JsonSerializable(typeof(TriggerResult))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(TestRun))]
[JsonSerializable(typeof(TriggerRequestBody))]
[JsonSerializable(typeof(TriggerStart))]
internal sealed partial class PantoJsonContext : JsonSerializerContext
{
}

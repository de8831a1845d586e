using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using PantoQa.Client.Errors;
using PantoQa.Client.Json;

namespace PantoQa.Client.Models;

/// <summary>
/// What a trigger request started: the service's message, the ids of the new runs, and the
/// trigger id they share, so that the runs can be waited for.
/// </summary>
public sealed class TriggerStart
{
    /// <summary>
    /// Sent by the service when it does; otherwise read from the first new run. Null only when
    /// it could not be learned: <see cref="GetTriggerIdFailure"/> then says why.
    /// </summary>
    public string? trigger_id { get; set; }

    /// <summary>The service's own words on what it started, for example "Triggered 2 test flow(s) matched."</summary>
    public string? message { get; set; }

    // Required: a success body without the run ids would leave nothing to wait for.
    /// <summary>The ids of the runs the request started.</summary>
    [JsonRequired]
    public string[] test_runs { get; set; } = Array.Empty<string>();

    [JsonExtensionData, JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    [JsonIgnore]
    internal PantoApiException? TriggerIdFailure { get; set; }

    /// <summary>Why <see cref="trigger_id"/> is null, as an error of kind <see cref="PantoErrorKind.TriggerIdUnknown"/>; null when it is known.</summary>
    public PantoApiException? GetTriggerIdFailure() => TriggerIdFailure;

    /// <summary>Fields the service sent that this version does not model, in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetAdditionalFields() => JsonValues.ToPlain(ExtensionData);

    /// <summary>The trigger id, or that it is unknown, and how many runs started.</summary>
    public override string ToString() => $"{trigger_id ?? "(trigger id unknown)"}: {test_runs.Length} run(s)";
}

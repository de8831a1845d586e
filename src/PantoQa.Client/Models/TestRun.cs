using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using PantoQa.Client.Json;

namespace PantoQa.Client.Models;

/// <summary>
/// One test run as the API returns it. Property names are the API's own field names, so
/// that <c>Where-Object runner_status -eq failed</c> and <c>ConvertTo-Json</c> speak the
/// API's language.
/// </summary>
public sealed class TestRun
{
    public string id { get; set; } = "";
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? created_at { get; set; }
    public string? test_framework { get; set; }
    public string? context_id { get; set; }
    public string? env_id { get; set; }
    public string? build_file_id { get; set; }
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? runner_create_timestamp { get; set; }
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? runner_start_timestamp { get; set; }
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? runner_end_timestamp { get; set; }
    // A string, not an enum: statuses the document does not list yet must pass through.
    public string? runner_status { get; set; }
    public string? remark { get; set; }
    public string? test_run_name { get; set; }
    public string? test_flow_id { get; set; }
    public string? test_suite_id { get; set; }
    public TargetDevice[]? target_device_list { get; set; }
    public string? trigger_id { get; set; }

    // Fields the API adds later are kept, not dropped. Internal so that serializers that
    // walk public properties (ConvertTo-Json) do not show a nested bag; the cmdlets surface
    // these as ordinary properties instead.
    [JsonExtensionData, JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Fields the API returned that this version does not model, in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetAdditionalFields() => JsonValues.ToPlain(ExtensionData);

    public override string ToString() => id;
}

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
    /// <summary>The run's id: what GET test-run/{id} takes.</summary>
    public string id { get; set; } = "";

    /// <summary>When the run was created, in UTC.</summary>
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? created_at { get; set; }

    /// <summary>The framework the build's tests run with, for example appium.</summary>
    public string? test_framework { get; set; }

    /// <summary>The id of the context the run was triggered in; null when there is none.</summary>
    public string? context_id { get; set; }

    /// <summary>The id of the environment the run was triggered in; null when there is none.</summary>
    public string? env_id { get; set; }

    /// <summary>The build under test: the <c>app_id</c> of the trigger request.</summary>
    public string? build_file_id { get; set; }

    /// <summary>When a runner was created for the run, in UTC; null until one is.</summary>
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? runner_create_timestamp { get; set; }

    /// <summary>When the runner started the run, in UTC; null until it has.</summary>
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? runner_start_timestamp { get; set; }

    /// <summary>When the run ended, in UTC; null while it is in process.</summary>
    [JsonConverter(typeof(UtcDateTimeConverter))]
    public DateTime? runner_end_timestamp { get; set; }

    /// <summary>
    /// in_process while the run runs, then passed, failed or another final status;
    /// <see cref="RunStatus.Classify"/> says how each counts.
    /// </summary>
    // A string, not an enum: statuses the document does not list yet must pass through.
    public string? runner_status { get; set; }

    /// <summary>The service's note on the run, such as why it failed; null when there is none.</summary>
    public string? remark { get; set; }

    /// <summary>The test suite's name when <see cref="test_suite_id"/> is set, else the root test flow's.</summary>
    public string? test_run_name { get; set; }

    /// <summary>The root test flow the run comes from, when it is a flow's run rather than a suite's.</summary>
    public string? test_flow_id { get; set; }

    /// <summary>The test suite the run comes from; null for a run of a test flow.</summary>
    public string? test_suite_id { get; set; }

    /// <summary>The devices and platforms stored as the run's targets.</summary>
    public TargetDevice[]? target_device_list { get; set; }

    /// <summary>Shared by every run one trigger request created: what GET test-runs-by-trigger takes.</summary>
    public string? trigger_id { get; set; }

    // Fields the API adds later are kept, not dropped. Internal so that serializers that
    // walk public properties (ConvertTo-Json) do not show a nested bag; the cmdlets surface
    // these as ordinary properties instead.
    [JsonExtensionData, JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Fields the API returned that this version does not model, in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetAdditionalFields() => JsonValues.ToPlain(ExtensionData);

    /// <summary>The run's id.</summary>
    public override string ToString() => id;
}

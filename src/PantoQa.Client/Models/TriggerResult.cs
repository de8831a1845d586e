using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using PantoQa.Client.Json;

namespace PantoQa.Client.Models;

/// <summary>
/// Everything one trigger request created, with the service's aggregate status and the counts
/// a CI job or a progress bar needs.
/// </summary>
public sealed class TriggerResult
{
    /// <summary>The trigger the runs belong to: the id that was asked for, which the body does not repeat.</summary>
    [JsonIgnore]
    public string trigger_id { get; set; } = "";

    /// <summary>The service's aggregate: in_process, partially_passed, failed or passed.</summary>
    public string? status { get; set; }

    private TestRun[] _runs = Array.Empty<TestRun>();
    private int _passed;
    private int _failed;

    // Required: a body without test_runs is not an empty trigger, and reading it as one
    // would report "passed, 0 runs".
    /// <summary>Every run the trigger created, in the service's order; the counts are taken when it is set.</summary>
    [JsonRequired]
    public TestRun[] test_runs
    {
        get => _runs;
        set
        {
            _runs = value ?? Array.Empty<TestRun>();
            // Counted once: a wait or a report reads the counts many times, and a trigger may hold thousands of runs.
            _passed = 0;
            _failed = 0;
            foreach (var run in _runs)
            {
                switch (RunStatus.Classify(run.runner_status))
                {
                    case RunOutcome.Passed:
                        _passed++;
                        break;
                    case RunOutcome.Failed:
                        _failed++;
                        break;
                }
            }
        }
    }

    /// <summary>How many runs the trigger created.</summary>
    [JsonIgnore]
    public int total => _runs.Length;

    /// <summary>Runs that passed.</summary>
    [JsonIgnore]
    public int passed => _passed;

    /// <summary>Runs that ended without passing (see <see cref="RunOutcome.Failed"/>).</summary>
    [JsonIgnore]
    public int failed => _failed;

    /// <summary>Runs not finished yet, those with a status this version does not know included.</summary>
    [JsonIgnore]
    public int in_process => _runs.Length - _passed - _failed;

    [JsonExtensionData, JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>True once the aggregate can no longer change: anything but in_process (see <see cref="RunStatus"/>).</summary>
    public bool IsFinal() => RunStatus.IsFinal(status);

    /// <summary>Fields the API returned that this version does not model, in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetAdditionalFields() => JsonValues.ToPlain(ExtensionData);

    /// <summary>The trigger id, its status and its counts, on one line.</summary>
    public override string ToString() => $"{trigger_id}: {status} ({passed} passed, {failed} failed, {in_process} in process of {total})";
}

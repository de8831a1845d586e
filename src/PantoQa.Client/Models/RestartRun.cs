using System;
using System.Collections.Generic;
using System.Linq;

namespace PantoQa.Client.Models;

/// <summary>
/// What restarting one run needs of it: its name, build and devices, and whether it is a
/// suite's run. Read from a live <see cref="TestRun"/> or, by the cmdlets, from any object with
/// a run's properties (a deserialized run), so both are restarted alike.
/// </summary>
public sealed class RestartRun
{
    /// <param name="id">The run's id, as messages name it.</param>
    /// <param name="name">test_run_name: the root flow's name for a flow's run.</param>
    /// <param name="suiteId">test_suite_id: set for a suite's run, which cannot be restarted alone.</param>
    /// <param name="buildId">build_file_id: the build the run tested.</param>
    /// <param name="devices">target_device_list; an entry may be null or incomplete, which the plan refuses.</param>
    /// <param name="status">runner_status, when known.</param>
    public RestartRun(string id, string? name, string? suiteId, string? buildId, IEnumerable<TargetDevice?>? devices, string? status = null)
    {
        Id = id ?? "";
        Name = name;
        SuiteId = suiteId;
        BuildId = buildId;
        Devices = devices?.ToArray() ?? Array.Empty<TargetDevice?>();
        Status = status;
    }

    /// <summary>The run's id.</summary>
    public string Id { get; }

    /// <summary>test_run_name: what the flow trigger's <c>_$NAME</c> selects.</summary>
    public string? Name { get; }

    /// <summary>test_suite_id; blank for a flow's run.</summary>
    public string? SuiteId { get; }

    /// <summary>build_file_id: the app_id a restart is sent with.</summary>
    public string? BuildId { get; }

    /// <summary>target_device_list, as given.</summary>
    public IReadOnlyList<TargetDevice?> Devices { get; }

    /// <summary>runner_status, when known; null otherwise.</summary>
    public string? Status { get; }

    /// <summary>True for a suite's run: the suite trigger documents no way to select one suite.</summary>
    public bool IsSuiteRun => !string.IsNullOrWhiteSpace(SuiteId);

    /// <summary>The parts of a live run that a restart needs.</summary>
    public static RestartRun From(TestRun run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        return new RestartRun(run.id, run.test_run_name, run.test_suite_id, run.build_file_id, run.target_device_list, run.runner_status);
    }

    /// <summary>The run's id.</summary>
    public override string ToString() => Id;
}

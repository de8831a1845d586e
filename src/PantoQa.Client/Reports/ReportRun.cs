using System;
using PantoQa.Client.Models;

namespace PantoQa.Client.Reports;

/// <summary>
/// One run as a report needs it. Built by the caller from whatever it holds (a live
/// <see cref="TestRun"/>, a deserialized copy, a JSON document), so the writers never depend on
/// where a run came from.
/// </summary>
public sealed class ReportRun
{
    /// <summary>A run known by its id, trigger and status; the other properties are optional.</summary>
    /// <param name="id">Empty for a run that has none; such a run is never taken for another.</param>
    /// <param name="runnerStatus">The API's <c>runner_status</c>; <see cref="Outcome"/> is classified from it.</param>
    public ReportRun(string id, string? triggerId, string? runnerStatus)
    {
        Id = id;
        TriggerId = triggerId ?? "";
        RunnerStatus = runnerStatus;
        Outcome = RunStatus.Classify(runnerStatus);
    }

    /// <summary>A live run; <paramref name="triggerOfResult"/> stands in when the run names no trigger.</summary>
#if NET
    // Runs once per run of a report, usually in the only report the process writes: optimized at once, not after warming up.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    public static ReportRun From(TestRun run, string? triggerOfResult = null) =>
        new ReportRun(run.id, run.trigger_id ?? triggerOfResult, run.runner_status)
        {
            Name = run.test_run_name,
            ClassName = run.test_flow_id ?? run.test_suite_id,
            BuildId = run.build_file_id,
            Devices = DeviceText(run.target_device_list),
            Remark = run.remark,
            Start = run.runner_start_timestamp,
            End = run.runner_end_timestamp,
            Created = run.created_at,
        };

    /// <summary>The run's id; a failure in a report names it so the reader can fetch the run.</summary>
    public string Id { get; }

    /// <summary>Empty for a run that names no trigger.</summary>
    public string TriggerId { get; }

    /// <summary>The API's <c>runner_status</c> as given; null when it is unknown.</summary>
    public string? RunnerStatus { get; }

    /// <summary>The <see cref="RunnerStatus"/> as reports print it: "unknown" when there is none.</summary>
    public string Status => RunnerStatus ?? "unknown";

    /// <summary>How <see cref="RunnerStatus"/> counts towards its trigger.</summary>
    public RunOutcome Outcome { get; }

    /// <summary>Passed or failed: a copy of the run that will not change any more.</summary>
    internal bool IsFinal => Outcome != RunOutcome.InProcess;

    /// <summary>The run's <c>test_run_name</c>; reports show the id when it is missing.</summary>
    public string? Name { get; set; }

    /// <summary>The flow or, failing that, the suite the run belongs to.</summary>
    public string? ClassName { get; set; }

    /// <summary>The build the run tested, its <c>build_file_id</c>: attempts of a flow on another build are not retries of it.</summary>
    public string? BuildId { get; set; }

    /// <summary>The target devices, already written as text ("android Pixel 8 14").</summary>
    public string? Devices { get; set; }

    /// <summary>The run's <c>remark</c>: in a report, the failure message of a failed run.</summary>
    public string? Remark { get; set; }

    /// <summary>When the run was created: what orders the attempts of one flow.</summary>
    public DateTime? Created { get; set; }

    /// <summary>When the runner started the run.</summary>
    public DateTime? Start { get; set; }

    /// <summary>When the run ended; null while it runs or when unknown.</summary>
    public DateTime? End { get; set; }

    /// <summary>End minus start in seconds; 0 when either is unknown or they are out of order.</summary>
    public double Seconds =>
        Start is DateTime start && End is DateTime end && end > start ? (end.ToUniversalTime() - start.ToUniversalTime()).TotalSeconds : 0;

    /// <summary>
    /// Devices as text, as reports and log lines list them: "android pixel 8 14, ios iphone 15 17";
    /// null for none. Each is trimmed, since a device without a platform prints with a leading space.
    /// </summary>
    public static string? DeviceText(TargetDevice[]? devices)
    {
        if (devices is null || devices.Length == 0)
        {
            return null;
        }

        if (devices.Length == 1)
        {
            return devices[0]?.ToString().Trim() ?? "";
        }

        var text = new string[devices.Length];
        for (int i = 0; i < devices.Length; i++)
        {
            text[i] = devices[i]?.ToString().Trim() ?? "";
        }

        return string.Join(", ", text);
    }

    /// <summary>False for a run with neither a name nor an id, which nothing in a report could name.</summary>
    public bool HasTitle => !string.IsNullOrWhiteSpace(Name) || !string.IsNullOrWhiteSpace(Id);

    /// <summary>
    /// What names the run: its <see cref="Name"/>, else its id. Never blank: a run without a
    /// title (which Export-PantoTestReport refuses) says so, rather than making a nameless test.
    /// </summary>
    public string Title =>
        !string.IsNullOrWhiteSpace(Name) ? Name! : HasTitle ? Id : "(a run without an id or a name)";

    /// <summary>The run's title and devices, the way a test tab lists it.</summary>
    public string DisplayName => string.IsNullOrEmpty(Devices) ? Title : Title + " (" + Devices + ")";
}

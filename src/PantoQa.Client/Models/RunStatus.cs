using System;

namespace PantoQa.Client.Models;

/// <summary>How a run's <c>runner_status</c> counts towards a trigger's aggregate.</summary>
public enum RunOutcome
{
    /// <summary>Not finished yet, or a status this version does not know.</summary>
    InProcess,

    /// <summary>Finished and passed.</summary>
    Passed,

    /// <summary>Finished without passing: failed, error, cancelled, timed_out, aborted or skipped.</summary>
    Failed,
}

/// <summary>
/// The one place statuses are compared, always ignoring case. A run counts by the rules the
/// emulator documents (src/PantoQa.Emulator/README.md, "Status rules"): passed is passed, the
/// other terminal outcomes count as failed, and anything unknown counts as still running. A
/// trigger's aggregate is final as soon as it is anything but in_process, because the service
/// reports in_process while any run is non-terminal: a value this version does not know is
/// therefore final, and since it is not passed, a gate fails on it rather than waiting forever.
/// </summary>
public static class RunStatus
{
    /// <summary>A run still running, or a trigger with at least one such run.</summary>
    public const string InProcess = "in_process";

    /// <summary>A run that passed, or a trigger all of whose runs passed.</summary>
    public const string Passed = "passed";

    /// <summary>A run that failed, or a trigger all of whose runs ended without passing.</summary>
    public const string Failed = "failed";

    /// <summary>A trigger aggregate only: some runs passed and some did not.</summary>
    public const string PartiallyPassed = "partially_passed";

    private static readonly string[] FailedOutcomes =
    {
        Failed, "error", "cancelled", "timed_out", "aborted", "skipped",
    };

    private static readonly string[] KnownAggregates = { InProcess, Passed, Failed, PartiallyPassed };

    /// <summary>How a run's <c>runner_status</c> counts; null and unknown statuses count as in process.</summary>
    public static RunOutcome Classify(string? runnerStatus)
    {
        if (Is(runnerStatus, Passed))
        {
            return RunOutcome.Passed;
        }

        foreach (var outcome in FailedOutcomes)
        {
            if (Is(runnerStatus, outcome))
            {
                return RunOutcome.Failed;
            }
        }

        return RunOutcome.InProcess;
    }

    /// <summary>
    /// The trigger aggregate the service would report for runs with these outcomes, for
    /// reports built from runs alone: any run in process keeps it in process, and a trigger
    /// without runs has nothing finished yet.
    /// </summary>
    public static string Aggregate(int passed, int failed, int inProcess)
    {
        if (inProcess > 0 || passed + failed == 0)
        {
            return InProcess;
        }

        return failed == 0 ? Passed : passed == 0 ? Failed : PartiallyPassed;
    }

    /// <summary>True for a trigger aggregate that will not change any more: anything present but in_process.</summary>
    public static bool IsFinal(string? aggregateStatus) => aggregateStatus is not null && !Is(aggregateStatus, InProcess);

    /// <summary>True only for a passed aggregate (or run status), in any case.</summary>
    public static bool IsPassed(string? status) => Is(status, Passed);

    /// <summary>True for the four aggregates the API documents, in any case.</summary>
    public static bool IsKnownAggregate(string? aggregateStatus) => Array.Exists(KnownAggregates, known => Is(aggregateStatus, known));

    private static bool Is(string? status, string expected) => string.Equals(status, expected, StringComparison.OrdinalIgnoreCase);
}

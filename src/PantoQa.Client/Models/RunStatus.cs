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
/// Classifies runner statuses by the rules the emulator documents for the aggregate (see
/// src/PantoQa.Emulator/README.md, "Status rules"): passed is passed, the other terminal
/// outcomes count as failed, and anything unknown, including another spelling, is treated as
/// still running, so that a status the service adds later never ends a wait early.
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

    /// <summary>How a run's <c>runner_status</c> counts; null and unknown statuses count as in process.</summary>
    public static RunOutcome Classify(string? runnerStatus)
    {
        if (string.Equals(runnerStatus, Passed, StringComparison.Ordinal))
        {
            return RunOutcome.Passed;
        }

        foreach (var outcome in FailedOutcomes)
        {
            if (string.Equals(runnerStatus, outcome, StringComparison.Ordinal))
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

    /// <summary>True for a trigger aggregate that will not change any more.</summary>
    public static bool IsFinal(string? aggregateStatus) =>
        string.Equals(aggregateStatus, Passed, StringComparison.Ordinal)
            || string.Equals(aggregateStatus, Failed, StringComparison.Ordinal)
            || string.Equals(aggregateStatus, PartiallyPassed, StringComparison.Ordinal);
}

using System;

namespace PantoQa.Client.Models;

/// <summary>How a run's <c>runner_status</c> counts towards a trigger's aggregate.</summary>
public enum RunOutcome
{
    InProcess,
    Passed,
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
    public const string InProcess = "in_process";
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string PartiallyPassed = "partially_passed";

    private static readonly string[] FailedOutcomes =
    {
        Failed, "error", "cancelled", "timed_out", "aborted", "skipped",
    };

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

using System.Collections.Frozen;

namespace PantoQa.Emulator.Status;

/// <summary>
/// How individual run statuses read and how they add up to a trigger's status.
/// The API document only names passed and failed; the other outcomes are our decision,
/// written down in the emulator README under "Status rules".
/// </summary>
public static class StatusRules
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string InProcess = "in_process";
    public const string PartiallyPassed = "partially_passed";
    public const string Queued = "queued";

    // Every terminal outcome other than passed counts as a failure: a trigger whose runs
    // errored or were cancelled did not pass, and reporting it as passed would hide that.
    private static readonly FrozenSet<string> FailedOutcomes = FrozenSet.Create(
        StringComparer.Ordinal, Failed, "error", "cancelled", "timed_out", "aborted", "skipped");

    // Statuses in which the runner has not picked the run up yet, so it has no start time.
    private static readonly FrozenSet<string> NotStarted = FrozenSet.Create(
        StringComparer.Ordinal, Queued, "pending");

    /// <summary>Anything not known to be final counts as still running, so an unknown status never ends a wait early.</summary>
    public static bool IsTerminal(string status) => status == Passed || FailedOutcomes.Contains(status);

    public static bool HasStarted(string status) => !NotStarted.Contains(status);

    public static string Aggregate(IEnumerable<string> statuses)
    {
        var anyRun = false;
        var anyPassed = false;
        var anyFailed = false;
        foreach (var status in statuses)
        {
            anyRun = true;
            if (status == Passed)
            {
                anyPassed = true;
            }
            else if (FailedOutcomes.Contains(status))
            {
                anyFailed = true;
            }
            else
            {
                return InProcess;
            }
        }

        if (!anyRun)
        {
            // The endpoint answers 404 before it gets here; a trigger always has runs.
            throw new ArgumentException("A trigger status needs at least one run.", nameof(statuses));
        }

        return (anyPassed, anyFailed) switch
        {
            (true, true) => PartiallyPassed,
            (true, false) => Passed,
            _ => Failed,
        };
    }
}

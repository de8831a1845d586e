using System;

namespace PantoQa
{
    /// <summary>How a run's <c>runner_status</c> counts towards a trigger's aggregate.</summary>
    public enum RunOutcome
    {
        InProcess,
        Passed,
        Failed,
    }

    /// <summary>
    /// Classifies runner statuses the way the service aggregates them: passed is passed, every
    /// other terminal outcome counts as failed, and anything unknown is treated as still running,
    /// so that a status the service adds later never ends a wait early.
    /// </summary>
    public static class RunStatus
    {
        public const string InProcess = "in_process";
        public const string Passed = "passed";
        public const string Failed = "failed";
        public const string PartiallyPassed = "partially_passed";

        private static readonly string[] FailedOutcomes =
        {
            Failed, "error", "errored", "cancelled", "canceled", "aborted", "timed_out", "timeout", "skipped", "crashed",
        };

        public static RunOutcome Classify(string? runnerStatus)
        {
            if (string.Equals(runnerStatus, Passed, StringComparison.OrdinalIgnoreCase))
            {
                return RunOutcome.Passed;
            }

            foreach (var outcome in FailedOutcomes)
            {
                if (string.Equals(runnerStatus, outcome, StringComparison.OrdinalIgnoreCase))
                {
                    return RunOutcome.Failed;
                }
            }

            return RunOutcome.InProcess;
        }

        /// <summary>True for a trigger aggregate that will not change any more.</summary>
        public static bool IsFinal(string? aggregateStatus) =>
            string.Equals(aggregateStatus, Passed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(aggregateStatus, Failed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(aggregateStatus, PartiallyPassed, StringComparison.OrdinalIgnoreCase);
    }
}

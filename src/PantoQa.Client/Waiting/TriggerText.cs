using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PantoQa.Client.Models;
using PantoQa.Client.Reports;

namespace PantoQa.Client.Waiting;

/// <summary>
/// The one way a trigger's state is printed, so a CI log reads the same wherever it shows one:
/// status lines, the timeout and failure errors.
/// </summary>
public static class TriggerText
{
    /// <summary>Failed runs listed in a failure message before the rest are only counted.</summary>
    public const int MaxFailedRunsListed = 10;

    private const int MaxRemark = 200;

    /// <summary>
    /// One line: "trg_8f2: 3 of 10 finished (2 passed, 1 failed), 4m10s", with "ended passed: "
    /// after the id once the trigger is final.
    /// </summary>
    public static string Line(string triggerId, TriggerResult result, TimeSpan elapsed)
    {
        string ended = result.IsFinal() ? $" ended {result.status}:" : "";
        return $"{triggerId}:{ended} {result.passed + result.failed} of {result.total} finished ({result.passed} passed, {result.failed} failed), {Duration(elapsed)}";
    }

    /// <summary>A short duration as a log shows it: 45s, 4m10s, 2h05m.</summary>
    public static string Duration(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            elapsed = TimeSpan.Zero;
        }

        if (elapsed.TotalHours >= 1)
        {
            return string.Format(CultureInfo.InvariantCulture, "{0}h{1:00}m", (int)elapsed.TotalHours, elapsed.Minutes);
        }

        return elapsed.TotalMinutes >= 1
            ? string.Format(CultureInfo.InvariantCulture, "{0}m{1:00}s", (int)elapsed.TotalMinutes, elapsed.Seconds)
            : string.Format(CultureInfo.InvariantCulture, "{0}s", (int)elapsed.TotalSeconds);
    }

    /// <summary>
    /// The runs that ended without passing, one line each (name, devices, remark on one line),
    /// at most <see cref="MaxFailedRunsListed"/>, then how many more.
    /// </summary>
    public static IReadOnlyList<string> FailedRuns(TriggerResult result) =>
        FailedRuns(result.test_runs.Where(r => RunStatus.Classify(r.runner_status) == RunOutcome.Failed).Select(r => ReportRun.From(r)));

    /// <summary>The same list for runs as a report holds them.</summary>
    public static List<string> FailedRuns(IEnumerable<ReportRun> runs)
    {
        var failed = runs.Where(r => r.Outcome == RunOutcome.Failed).ToList();
        var lines = failed.Take(MaxFailedRunsListed).Select(FailedRun).ToList();
        if (failed.Count > MaxFailedRunsListed)
        {
            lines.Add($"… and {failed.Count - MaxFailedRunsListed} more");
        }

        return lines;
    }

    /// <summary>
    /// One failed run on one line, as reports show it: title, devices, status, and the remark on
    /// one line, cut to about 200 characters.
    /// </summary>
    public static string FailedRun(ReportRun run)
    {
        string line = $"{run.Title} on {run.Devices ?? "no device"}: {run.Status}";
        string remark = ReportText.OneLine(run.Remark ?? "");
        if (remark.Length > 0)
        {
            line += " - " + (remark.Length <= MaxRemark ? remark : remark.Substring(0, MaxRemark - 1) + "…");
        }

        return line;
    }
}

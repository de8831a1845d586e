using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PantoQa.Client.Models;

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

    private static readonly char[] LineBreaks = { '\r', '\n', '\t' };

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
    public static IReadOnlyList<string> FailedRuns(TriggerResult result)
    {
        var failed = result.test_runs.Where(r => RunStatus.Classify(r.runner_status) == RunOutcome.Failed).ToList();
        var lines = failed.Take(MaxFailedRunsListed).Select(FailedRun).ToList();
        if (failed.Count > MaxFailedRunsListed)
        {
            lines.Add(More(failed.Count - MaxFailedRunsListed));
        }

        return lines;
    }

    /// <summary>The line that ends a list cut at <see cref="MaxFailedRunsListed"/>.</summary>
    public static string More(int notListed) => $"… and {notListed} more";

    /// <summary>One failed run on one line: name, devices, status, and the remark cut to about 200 characters.</summary>
    public static string FailedRun(string name, string? devices, string? status, string? remark)
    {
        string line = $"{name} on {(string.IsNullOrWhiteSpace(devices) ? "no device" : devices)}: {status}";
        return string.IsNullOrWhiteSpace(remark) ? line : line + " - " + OneLine(remark!);
    }

    private static string FailedRun(TestRun run) =>
        FailedRun(
            string.IsNullOrWhiteSpace(run.test_run_name) ? run.id : run.test_run_name!,
            run.target_device_list is { Length: > 0 } list ? string.Join(", ", list.Select(d => d.ToString().Trim())) : null,
            run.runner_status,
            run.remark);

    private static string OneLine(string text)
    {
        string flat = string.Join(" ", text.Split(LineBreaks, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
        return flat.Length <= MaxRemark ? flat : flat.Substring(0, MaxRemark - 1) + "…";
    }
}

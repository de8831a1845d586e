using System;
using System.Collections.Generic;
using System.Linq;
using PantoQa.Client.Models;
using PantoQa.Client.Waiting;

namespace PantoQa.Client.Reports;

/// <summary>
/// Judges a report as a CI gate does: green only when it holds at least one run, every
/// trigger in it reached a final status, and each of them passed. A report is written first
/// and judged after, so a red gate never costs the reports that say why.
/// </summary>
public static class ReportGate
{
    /// <summary>The verdict on <paramref name="report"/>; <paramref name="refused"/> counts the input objects that were not results.</summary>
    public static ReportVerdict Judge(TestReport report, int refused)
    {
        if (report.RunCount == 0 && report.Triggers.Count == 0)
        {
            string why = refused > 0
                ? $"none of the {refused} object(s) given was a result (see the errors above)"
                : "nothing was given";
            return ReportVerdict.Red(Array.Empty<ReportTrigger>(),
                $"The report holds no test runs, so nothing was checked: {why}. Pipe what Start-PantoTestFlow -Wait, Start-PantoTestSuite -Wait or Wait-PantoTrigger writes into Export-PantoTestReport.");
        }

        var red = report.Triggers.Where(t => !RunStatus.IsPassed(t.Status)).ToList();
        var lines = new List<string>();
        foreach (var trigger in red)
        {
            lines.Add(Describe(trigger));
            lines.AddRange(FailedRuns(trigger).Select(line => "  " + line));
        }

        if (refused > 0)
        {
            lines.Add($"{refused} input object(s) were not results and are not in the report (see the errors above).");
        }

        if (lines.Count == 0)
        {
            return ReportVerdict.Green();
        }

        string head = red.Count > 0
            ? $"{red.Count} of {report.Triggers.Count} trigger(s) in the report did not pass:"
            : "The report is incomplete:";
        return ReportVerdict.Red(red, head + Environment.NewLine + string.Join(Environment.NewLine, lines));
    }

    private static string Describe(ReportTrigger trigger)
    {
        string name = trigger.TriggerId.Length == 0 ? "Runs without a trigger" : $"Trigger '{trigger.TriggerId}'";
        string counts = $"{trigger.Passed} passed and {trigger.Failed} failed of {trigger.Runs.Count} runs";
        return RunStatus.IsFinal(trigger.Status)
            ? $"{name} ended {trigger.Status}: {counts}."
            : $"{name} had not finished when it was reported ({counts}, {trigger.InProcess} in process). Report what Wait-PantoTrigger writes once it has ended.";
    }

    private static List<string> FailedRuns(ReportTrigger trigger)
    {
        var failed = trigger.Runs.Where(r => r.Outcome == RunOutcome.Failed).ToList();
        var lines = failed.Take(TriggerText.MaxFailedRunsListed)
            .Select(r => TriggerText.FailedRun(r.Title, r.Devices, r.RunnerStatus, r.Remark))
            .ToList();
        if (failed.Count > TriggerText.MaxFailedRunsListed)
        {
            lines.Add(TriggerText.More(failed.Count - TriggerText.MaxFailedRunsListed));
        }

        return lines;
    }
}

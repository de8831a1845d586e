using System;
using System.Collections.Generic;
using System.Linq;
using PantoQa.Client.Models;
using PantoQa.Client.Waiting;

namespace PantoQa.Client.Reports;

/// <summary>
/// Judges a report as a CI gate does: green only when it holds at least one run, every
/// trigger in it reached a final status, and each of them passed, a flow run again in a later
/// trigger by its last attempt, as the report shows it. A report is written first and judged
/// after, so a red gate never costs the reports that say why.
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

        var red = new List<ReportTrigger>();
        var lines = new List<string>();
        int flaky = 0;
        foreach (var trigger in report.Triggers)
        {
            var cases = report.Retries.CasesOf(trigger);
            flaky += cases.Flaky;
            if (!IsRed(trigger, cases))
            {
                continue;
            }

            red.Add(trigger);
            lines.Add(Describe(trigger, cases));
            lines.AddRange(TriggerText.FailedRuns(cases.Runs).Select(line => "  " + line));
        }

        if (refused > 0)
        {
            lines.Add($"{refused} input object(s) were not results and are not in the report (see the errors above).");
        }

        if (lines.Count == 0)
        {
            return ReportVerdict.Green(flaky);
        }

        string head = red.Count > 0
            ? $"{red.Count} of {report.Triggers.Count} trigger(s) in the report did not pass:"
            : "The report is incomplete:";
        return ReportVerdict.Red(red, head + Environment.NewLine + string.Join(Environment.NewLine, lines));
    }

    // A trigger passes when the service says so, or when every run it did not pass was run again
    // in a later trigger and that last attempt passed: the report shows each flow as its last
    // attempt. A status not passed that no run explains (an aggregate this version does not know,
    // or failed without failed runs) stays red.
    private static bool IsRed(ReportTrigger trigger, ReportCases cases)
    {
        if (!RunStatus.IsFinal(trigger.Status) || cases.Failed > 0 || cases.InProcess > 0)
        {
            return true;
        }

        return !RunStatus.IsPassed(trigger.Status) && cases.RetriedLater == 0;
    }

    private static string Describe(ReportTrigger trigger, ReportCases cases)
    {
        string name = trigger.TriggerId.Length == 0 ? "Runs without a trigger" : $"Trigger '{trigger.TriggerId}'";
        string counts = $"{cases.Passed} passed and {cases.Failed} failed of {cases.Runs.Count} runs";
        if (cases.RetriedLater > 0)
        {
            counts += $", {cases.RetriedLater} more retried in a later trigger";
        }

        return RunStatus.IsFinal(trigger.Status)
            ? $"{name} ended {trigger.Status}: {counts}."
            : $"{name} had not finished when it was reported ({counts}, {cases.InProcess} in process). Report what Wait-PantoTrigger writes once it has ended.";
    }
}

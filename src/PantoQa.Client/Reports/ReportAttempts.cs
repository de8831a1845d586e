using System;
using System.Collections.Generic;
using System.Text;
using PantoQa.Client.Models;

namespace PantoQa.Client.Reports;

/// <summary>
/// One flow on one build and set of devices, run in several triggers (a first run and its
/// retries): the attempts in order, of which the last one is the flow's outcome.
/// </summary>
public sealed class ReportAttempts
{
    private readonly Dictionary<ReportRun, int> _number;

    internal ReportAttempts(IReadOnlyList<ReportRun> runs, IReadOnlyList<string> triggerIds)
    {
        Runs = runs;
        TriggerIds = triggerIds;
        _number = new Dictionary<ReportRun, int>(runs.Count);
        for (int i = 0; i < runs.Count; i++)
        {
            _number.Add(runs[i], i + 1);
        }
    }

    /// <summary>The attempts, first to last, each one run.</summary>
    public IReadOnlyList<ReportRun> Runs { get; }

    /// <summary>The trigger of each attempt, in the same order ("" for runs without one).</summary>
    public IReadOnlyList<string> TriggerIds { get; }

    /// <summary>The last attempt: the one reported as the flow's testcase, whose outcome counts.</summary>
    public ReportRun Last => Runs[Runs.Count - 1];

    /// <summary>Passed in its last attempt after failing in an earlier one: counted as passed, and marked.</summary>
    public bool IsFlaky
    {
        get
        {
            if (Last.Outcome != RunOutcome.Passed)
            {
                return false;
            }

            for (int i = 0; i < Runs.Count - 1; i++)
            {
                if (Runs[i].Outcome == RunOutcome.Failed)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The attempt <paramref name="run"/> was, from 1.</summary>
    public int NumberOf(ReportRun run) => _number[run];

    /// <summary>
    /// The attempts before the last, one clause each, for a line that says how the flow got to
    /// its outcome: "attempt 1 failed (run r1, trigger t1): Timed out".
    /// </summary>
    /// <param name="id">Writes an id or a status as the format shows them.</param>
    /// <param name="text">Writes a remark, already on one line, as the format shows it.</param>
    internal string Earlier(Func<string, string> id, Func<string, string> text)
    {
        var clauses = new StringBuilder();
        for (int i = 0; i < Runs.Count - 1; i++)
        {
            var run = Runs[i];
            if (i > 0)
            {
                clauses.Append("; ");
            }

            clauses.Append("attempt ").Append(ReportText.Number(i + 1)).Append(' ').Append(id(run.Status))
                .Append(" (").Append(Where(i, id)).Append(')');
            if (!string.IsNullOrWhiteSpace(run.Remark))
            {
                clauses.Append(": ").Append(text(ReportText.OneLine(run.Remark!)));
            }
        }

        return clauses.ToString();
    }

    /// <summary>"attempt 2 of 2 (run r2, trigger t2)".</summary>
    /// <param name="id">Writes an id as the format shows it.</param>
    internal string Of(ReportRun run, Func<string, string> id)
    {
        int number = NumberOf(run);
        return "attempt " + ReportText.Number(number) + " of " + ReportText.Number(Runs.Count) + " (" + Where(number - 1, id) + ")";
    }

    private string Where(int index, Func<string, string> id) =>
        "run " + id(Runs[index].Id) + ", " + (TriggerIds[index].Length == 0 ? "no trigger" : "trigger " + id(TriggerIds[index]));
}

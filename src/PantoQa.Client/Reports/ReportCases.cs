using System.Collections.Generic;
using PantoQa.Client.Models;

namespace PantoQa.Client.Reports;

/// <summary>
/// What a report shows of one trigger: its runs but those of a flow retried in a later trigger
/// (the flow is shown there, as its last attempt), counted by outcome, a flaky one as passed.
/// </summary>
public sealed class ReportCases
{
    internal ReportCases(ReportTrigger trigger, ReportRetries retries)
    {
        var all = trigger.Runs;
        if (retries.Flows.Count == 0)
        {
            Runs = all;
            Passed = trigger.Passed;
            Failed = trigger.Failed;
            return;
        }

        var runs = new List<ReportRun>(all.Count);
        foreach (var run in all)
        {
            if (retries.IsRetriedLater(run))
            {
                RetriedLater++;
                continue;
            }

            runs.Add(run);
            if (run.Outcome == RunOutcome.Passed)
            {
                Passed++;
                if (retries.Of(run) is { IsFlaky: true })
                {
                    Flaky++;
                }
            }
            else if (run.Outcome == RunOutcome.Failed)
            {
                Failed++;
            }
        }

        Runs = runs;
    }

    /// <summary>The runs shown as cases, in the trigger's order.</summary>
    public IReadOnlyList<ReportRun> Runs { get; }

    /// <summary>Cases that passed in their last attempt, flaky ones included.</summary>
    public int Passed { get; }

    /// <summary>Cases whose last attempt ended without passing.</summary>
    public int Failed { get; }

    /// <summary>Cases not finished yet.</summary>
    public int InProcess => Runs.Count - Passed - Failed;

    /// <summary>Cases that passed in their last attempt after failing in an earlier one.</summary>
    public int Flaky { get; }

    /// <summary>Runs of this trigger that are earlier attempts of a flow shown in another trigger.</summary>
    public int RetriedLater { get; }
}

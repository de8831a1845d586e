using System.Collections.Generic;
using PantoQa.Client.Models;

namespace PantoQa.Client.Reports;

/// <summary>One trigger's runs in a report, in the order they were first seen.</summary>
public sealed class ReportTrigger
{
    private readonly List<ReportRun> _runs = new List<ReportRun>();

    internal ReportTrigger(string triggerId)
    {
        TriggerId = triggerId;
    }

    /// <summary>Empty for the runs that name no trigger.</summary>
    public string TriggerId { get; }

    /// <summary>
    /// The service's aggregate when a trigger result brought it, else the aggregate of the
    /// runs by the same rules.
    /// </summary>
    public string Status => ServiceStatus ?? RunStatus.Aggregate(Passed, Failed, InProcess);

    /// <summary>The aggregate the service reported, when a trigger result was given.</summary>
    public string? ServiceStatus { get; internal set; }

    /// <summary>The trigger's runs, in the order they were added.</summary>
    public IReadOnlyList<ReportRun> Runs => _runs;

    /// <summary>Runs that passed.</summary>
    public int Passed { get; private set; }

    /// <summary>Runs that ended without passing.</summary>
    public int Failed { get; private set; }

    /// <summary>Runs not finished yet, those with a status this version does not know included.</summary>
    public int InProcess { get; private set; }

    internal void Add(ReportRun run)
    {
        _runs.Add(run);
        switch (run.Outcome)
        {
            case RunOutcome.Passed:
                Passed++;
                break;
            case RunOutcome.Failed:
                Failed++;
                break;
            default:
                InProcess++;
                break;
        }
    }
}

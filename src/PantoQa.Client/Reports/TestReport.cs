using System;
using System.Collections.Generic;

namespace PantoQa.Client.Reports;

/// <summary>
/// The runs a report covers, grouped by trigger in first-seen order. A run given twice (on its
/// own and inside its trigger's result) is kept once, where it was first seen.
/// </summary>
public sealed class TestReport
{
    private readonly List<ReportTrigger> _triggers = new List<ReportTrigger>();
    private readonly Dictionary<string, ReportTrigger> _byId = new Dictionary<string, ReportTrigger>(StringComparer.Ordinal);
    private readonly HashSet<string> _runIds = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The triggers, in the order their first run or result was added.</summary>
    public IReadOnlyList<ReportTrigger> Triggers => _triggers;

    /// <summary>Registers a trigger result's aggregate; its runs are added one by one with <see cref="AddRun"/>.</summary>
    public void AddTrigger(string triggerId, string? status)
    {
        var trigger = Trigger(triggerId);
        if (status is not null)
        {
            trigger.ServiceStatus = status;
        }
    }

    /// <summary>Adds a run to its trigger; false when a run with the same id is already in the report.</summary>
    public bool AddRun(ReportRun run)
    {
        // A run without an id cannot be matched with another copy of itself, so it always counts.
        if (run.Id.Length > 0 && !_runIds.Add(run.Id))
        {
            return false;
        }

        Trigger(run.TriggerId).Add(run);
        return true;
    }

    private ReportTrigger Trigger(string triggerId)
    {
        if (!_byId.TryGetValue(triggerId, out var trigger))
        {
            trigger = new ReportTrigger(triggerId);
            _byId.Add(triggerId, trigger);
            _triggers.Add(trigger);
        }

        return trigger;
    }
}

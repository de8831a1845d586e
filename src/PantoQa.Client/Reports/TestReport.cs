using System;
using System.Collections.Generic;

namespace PantoQa.Client.Reports;

/// <summary>
/// The runs a report covers, grouped by trigger in first-seen order. The same trigger or run
/// may be given more than once, in any order: a snapshot taken while it ran and its final
/// result, or a final copy and then a stale one. Each is kept as its most final copy, and of
/// copies equally final, the one given last (see <see cref="ReportTrigger"/>). A flow run again
/// in a later trigger is one case, its last attempt (see <see cref="ReportRetries"/>).
/// </summary>
public sealed class TestReport
{
    private readonly List<ReportTrigger> _triggers = new List<ReportTrigger>();
    private readonly Dictionary<string, ReportTrigger> _byId = new Dictionary<string, ReportTrigger>(StringComparer.Ordinal);

    // Orders the copies given, so that of two equally final ones the later wins.
    private long _arrivals;

    // Found again after anything is added.
    private ReportRetries? _retries;

    /// <summary>The triggers, in the order their first run or result was added.</summary>
    public IReadOnlyList<ReportTrigger> Triggers => _triggers;

    /// <summary>The runs the report shows, each once.</summary>
    public int RunCount
    {
        get
        {
            int count = 0;
            foreach (var trigger in _triggers)
            {
                count += trigger.Runs.Count;
            }

            return count;
        }
    }

    /// <summary>The flows that ran in more than one trigger, and what each trigger shows as cases.</summary>
    public ReportRetries Retries => _retries ??= ReportRetries.Find(_triggers);

    /// <summary>
    /// Adds a trigger result: its aggregate and its runs, one copy of the trigger. The runs
    /// belong to <paramref name="triggerId"/>, whatever trigger they name themselves.
    /// </summary>
    public void AddTrigger(string triggerId, string? status, IEnumerable<ReportRun> runs)
    {
        _retries = null;
        Trigger(triggerId).AddResult(status, runs, ++_arrivals);
    }

    /// <summary>Adds a run given on its own to the trigger it names.</summary>
    public void AddRun(ReportRun run)
    {
        _retries = null;
        Trigger(run.TriggerId).AddRun(run, ++_arrivals);
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

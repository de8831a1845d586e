using System;
using System.Collections.Generic;
using PantoQa.Client.Models;

namespace PantoQa.Client.Reports;

/// <summary>
/// One trigger's runs in a report. Of the trigger results given for it, the most final one is
/// kept (a final one beats one in process; of two equally final, the later): the status comes
/// from it, and so do the runs, in its order. Runs given on their own follow, in the order
/// first seen; a run given more than once, on its own or in a result, is shown once, as its
/// most final copy by the same rule.
/// </summary>
public sealed class ReportTrigger
{
    private readonly List<RunSlot> _slots = new List<RunSlot>();
    private Dictionary<string, RunSlot> _slotById = new Dictionary<string, RunSlot>(StringComparer.Ordinal);
    private List<RunSlot> _resultSlots = new List<RunSlot>();
    private bool _hasResult;

    // The runs as shown and their counts, rebuilt after anything is added.
    private List<ReportRun>? _runs;
    private int _passed;
    private int _failed;

    internal ReportTrigger(string triggerId)
    {
        TriggerId = triggerId;
    }

    /// <summary>Empty for the runs that name no trigger.</summary>
    public string TriggerId { get; }

    /// <summary>
    /// The service's aggregate when a trigger result brought one, else the aggregate of the
    /// runs by the same rules.
    /// </summary>
    public string Status => ServiceStatus ?? RunStatus.Aggregate(Passed, Failed, InProcess);

    /// <summary>The aggregate of the trigger result kept, when one was given with a status.</summary>
    public string? ServiceStatus { get; private set; }

    /// <summary>The trigger's runs: those of the result kept, then those given only on their own.</summary>
    public IReadOnlyList<ReportRun> Runs => View();

    /// <summary>Runs that passed.</summary>
    public int Passed
    {
        get
        {
            View();
            return _passed;
        }
    }

    /// <summary>Runs that ended without passing.</summary>
    public int Failed
    {
        get
        {
            View();
            return _failed;
        }
    }

    /// <summary>Runs not finished yet, those with a status this version does not know included.</summary>
    public int InProcess => View().Count - _passed - _failed;

    /// <summary>Takes a trigger result unless the one held is more final; a result taken replaces the runs of the one it beat.</summary>
#if NET
    // Runs once per run of a report, usually in the only report the process writes: optimized at once, not after warming up.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    internal void AddResult(string? status, IEnumerable<ReportRun> runs, long arrival)
    {
        if (_hasResult && !Beats(RunStatus.IsFinal(status), RunStatus.IsFinal(ServiceStatus)))
        {
            return;
        }

        foreach (var slot in _resultSlots)
        {
            slot.FromResult = null;
        }

        // Sized at once for a trigger's first result, which may hold thousands of runs.
        int count = runs is ICollection<ReportRun> known ? known.Count : 0;
        if (_slots.Count == 0 && count > 0)
        {
            _slots.Capacity = count;
            _slotById = new Dictionary<string, RunSlot>(count, StringComparer.Ordinal);
        }

        var slots = new List<RunSlot>(count);
        foreach (var run in runs)
        {
            var slot = SlotOf(run);
            if (slot.FromResult is null)
            {
                slots.Add(slot);
            }

            slot.FromResult = run;
            slot.ResultArrival = arrival;
        }

        _resultSlots = slots;
        _hasResult = true;
        ServiceStatus = status;
        _runs = null;
    }

    /// <summary>Takes a run given on its own, unless a copy of it given on its own before is more final.</summary>
    internal void AddRun(ReportRun run, long arrival)
    {
        var slot = SlotOf(run);
        if (slot.Alone is null || Beats(run.IsFinal, slot.Alone.IsFinal))
        {
            slot.Alone = run;
            slot.AloneArrival = arrival;
            _runs = null;
        }
    }

    /// <summary>The rule for every two copies, the newer one first: a final copy beats one that is not; of two equally final, the newer wins.</summary>
    private static bool Beats(bool newerIsFinal, bool olderIsFinal) => newerIsFinal || !olderIsFinal;

    // A run without an id cannot be matched with another copy of itself, so it has a slot of its own.
    private RunSlot SlotOf(ReportRun run)
    {
        if (run.Id.Length > 0 && _slotById.TryGetValue(run.Id, out var known))
        {
            return known;
        }

        var slot = new RunSlot();
        _slots.Add(slot);
        if (run.Id.Length > 0)
        {
            _slotById.Add(run.Id, slot);
        }

        return slot;
    }

#if NET
    // Runs once per run of a report, usually in the only report the process writes: optimized at once, not after warming up.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private List<ReportRun> View()
    {
        if (_runs is not null)
        {
            return _runs;
        }

        var runs = new List<ReportRun>(_slots.Count);
        foreach (var slot in _resultSlots)
        {
            runs.Add(slot.Shown()!);
        }

        foreach (var slot in _slots)
        {
            if (slot.FromResult is null && slot.Alone is not null)
            {
                runs.Add(slot.Alone);
            }
        }

        _passed = 0;
        _failed = 0;
        foreach (var run in runs)
        {
            if (run.Outcome == RunOutcome.Passed)
            {
                _passed++;
            }
            else if (run.Outcome == RunOutcome.Failed)
            {
                _failed++;
            }
        }

        _runs = runs;
        return runs;
    }

    /// <summary>One run id's copies: the one in the result kept, and the most final one given on its own.</summary>
    private sealed class RunSlot
    {
        internal ReportRun? FromResult { get; set; }

        internal long ResultArrival { get; set; }

        internal ReportRun? Alone { get; set; }

        internal long AloneArrival { get; set; }

        internal ReportRun? Shown()
        {
            if (FromResult is null || Alone is null)
            {
                return FromResult ?? Alone;
            }

            bool aloneIsNewer = AloneArrival > ResultArrival;
            var newer = aloneIsNewer ? Alone : FromResult;
            var older = aloneIsNewer ? FromResult : Alone;
            return Beats(newer.IsFinal, older.IsFinal) ? newer : older;
        }
    }
}

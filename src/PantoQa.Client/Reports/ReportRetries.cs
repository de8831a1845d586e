using System;
using System.Collections.Generic;
using System.Text;

namespace PantoQa.Client.Reports;

/// <summary>
/// The flows of a report that ran in more than one of its triggers: the same name, flow (or
/// suite), build and devices, which is what -RetryFailed and Restart-PantoTestRun start again.
/// Each such flow is one case, its last attempt (by created_at when every attempt has one,
/// else in the order the triggers were given); its earlier attempts are not cases of their own.
/// Runs of one flow that share a trigger are not attempts of each other, so a flow that ran
/// twice in one of its triggers is left as it is.
/// </summary>
public sealed class ReportRetries
{
    private static readonly IReadOnlyList<ReportAttempts> NoFlows = Array.Empty<ReportAttempts>();

    private readonly Dictionary<ReportRun, ReportAttempts> _byRun;

    private ReportRetries(Dictionary<ReportRun, ReportAttempts> byRun, IReadOnlyList<ReportAttempts> flows)
    {
        _byRun = byRun;
        Flows = flows;
    }

    /// <summary>Every flow with more than one attempt, in the order its first attempt was given.</summary>
    public IReadOnlyList<ReportAttempts> Flows { get; }

    /// <summary>The attempts <paramref name="run"/> is one of, or null when it is the flow's only run.</summary>
    public ReportAttempts? Of(ReportRun run) =>
        _byRun.Count != 0 && _byRun.TryGetValue(run, out var attempts) ? attempts : null;

    /// <summary>An earlier attempt of a flow that ran again: not a case of its own.</summary>
    public bool IsRetriedLater(ReportRun run) => Of(run) is { } attempts && !ReferenceEquals(attempts.Last, run);

    /// <summary>The cases of <paramref name="trigger"/>: its runs but those retried later, and their counts.</summary>
    public ReportCases CasesOf(ReportTrigger trigger) => new ReportCases(trigger, this);

    internal static ReportRetries Find(IReadOnlyList<ReportTrigger> triggers)
    {
        // Attempts live in different triggers, so a report of one trigger has none; a big
        // trigger is then reported without a key made for each of its runs.
        if (triggers.Count < 2)
        {
            return new ReportRetries(new Dictionary<ReportRun, ReportAttempts>(), NoFlows);
        }

        var groups = new Dictionary<string, List<(ReportRun Run, int Trigger)>>(StringComparer.Ordinal);
        var order = new List<List<(ReportRun Run, int Trigger)>>();
        for (int t = 0; t < triggers.Count; t++)
        {
            foreach (var run in triggers[t].Runs)
            {
                // A run without a name cannot be told to be the same flow as another.
                if (string.IsNullOrWhiteSpace(run.Name))
                {
                    continue;
                }

                string key = Key(run);
                if (!groups.TryGetValue(key, out var group))
                {
                    group = new List<(ReportRun Run, int Trigger)>();
                    groups.Add(key, group);
                    order.Add(group);
                }

                group.Add((run, t));
            }
        }

        var byRun = new Dictionary<ReportRun, ReportAttempts>();
        var flows = new List<ReportAttempts>();
        foreach (var group in order)
        {
            if (group.Count < 2 || !OnePerTrigger(group))
            {
                continue;
            }

            if (group.TrueForAll(attempt => attempt.Run.Created is not null))
            {
                SortByCreated(group);
            }

            var runs = new ReportRun[group.Count];
            var triggerIds = new string[group.Count];
            for (int i = 0; i < group.Count; i++)
            {
                runs[i] = group[i].Run;
                triggerIds[i] = triggers[group[i].Trigger].TriggerId;
            }

            var attempts = new ReportAttempts(runs, triggerIds);
            flows.Add(attempts);
            foreach (var run in runs)
            {
                byRun.Add(run, attempts);
            }
        }

        return new ReportRetries(byRun, flows);
    }

    private static bool OnePerTrigger(List<(ReportRun Run, int Trigger)> group)
    {
        var seen = new HashSet<int>();
        foreach (var attempt in group)
        {
            if (!seen.Add(attempt.Trigger))
            {
                return false;
            }
        }

        return true;
    }

    private static void SortByCreated(List<(ReportRun Run, int Trigger)> attempts)
    {
        // Insertion sort: a flow has a handful of attempts, and it keeps attempts created at the same moment in the order given.
        for (int i = 1; i < attempts.Count; i++)
        {
            var item = attempts[i];
            int j = i - 1;
            while (j >= 0 && Utc(attempts[j].Run.Created!.Value) > Utc(item.Run.Created!.Value))
            {
                attempts[j + 1] = attempts[j];
                j--;
            }

            attempts[j + 1] = item;
        }
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;

    // Length-prefixed, so no value can imitate a separator and make two flows look alike.
    private static string Key(ReportRun run)
    {
        var key = new StringBuilder();
        Append(key, run.Name);
        Append(key, run.ClassName);
        Append(key, run.BuildId);
        Append(key, run.Devices);
        return key.ToString();
    }

    private static void Append(StringBuilder key, string? value) =>
        key.Append(value is null ? "-" : value.Length + ":").Append(value).Append(';');
}

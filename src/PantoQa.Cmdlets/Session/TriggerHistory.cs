using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PantoQa.Cmdlets.Session;

/// <summary>
/// The trigger ids this runspace has started or read, most recent first, for completing
/// -TriggerId. Per runspace, like the session: another runspace's triggers are not offered.
/// </summary>
internal static class TriggerHistory
{
    /// <summary>Enough for an interactive session; older ids drop off.</summary>
    internal const int Capacity = 200;

    private static readonly ConditionalWeakTable<Runspace, Ids> Slots = new ConditionalWeakTable<Runspace, Ids>();
    private static readonly Ids NoRunspaceSlot = new Ids();

    internal static void Remember(string? triggerId)
    {
        if (string.IsNullOrEmpty(triggerId))
        {
            return;
        }

        var ids = Current();
        lock (ids)
        {
            // The runs of one trigger arrive together; the check keeps a 10,000-run trigger cheap.
            if (ids.Recent.First?.Value == triggerId)
            {
                return;
            }

            if (ids.Nodes.TryGetValue(triggerId!, out var node))
            {
                ids.Recent.Remove(node);
            }
            else
            {
                node = new LinkedListNode<string>(triggerId!);
                ids.Nodes.Add(triggerId!, node);
            }

            ids.Recent.AddFirst(node);
            if (ids.Recent.Count > Capacity)
            {
                ids.Nodes.Remove(ids.Recent.Last!.Value);
                ids.Recent.RemoveLast();
            }
        }
    }

    /// <summary>The remembered ids, most recent first.</summary>
    internal static string[] Snapshot()
    {
        var ids = Current();
        lock (ids)
        {
            var copy = new string[ids.Recent.Count];
            ids.Recent.CopyTo(copy, 0);
            return copy;
        }
    }

    private static Ids Current()
    {
        var runspace = Runspace.DefaultRunspace;
        return runspace is null ? NoRunspaceSlot : Slots.GetValue(runspace, _ => new Ids());
    }

    private sealed class Ids
    {
        internal LinkedList<string> Recent { get; } = new LinkedList<string>();

        internal Dictionary<string, LinkedListNode<string>> Nodes { get; } = new Dictionary<string, LinkedListNode<string>>(StringComparer.Ordinal);
    }
}

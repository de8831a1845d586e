using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using PantoQa.Client.Models;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>Which id an object stands for when it is piped into an id parameter.</summary>
public enum IdKind
{
    /// <summary>Test run ids: a TriggerResult stands for all its runs.</summary>
    TestRun,

    /// <summary>Trigger ids: a TestRun stands for its trigger.</summary>
    Trigger,
}

/// <summary>
/// Lets the module's own objects stand for their ids. Without it PowerShell would bind a piped
/// object to a string parameter through ToString before trying its properties.
/// </summary>
public sealed class IdTransformationAttribute : ArgumentTransformationAttribute
{
    /// <param name="kind">Which id the parameter takes.</param>
    public IdTransformationAttribute(IdKind kind)
    {
        Kind = kind;
    }

    /// <summary>Which id the parameter takes.</summary>
    public IdKind Kind { get; }

    /// <summary>
    /// Replaces a TestRun or TriggerResult, alone or in a collection, with the ids of
    /// <see cref="Kind"/> it stands for; anything else passes unchanged.
    /// </summary>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case TestRun run:
                return Kind == IdKind.TestRun ? run.id : run.trigger_id;
            case TriggerResult result:
                return Kind == IdKind.Trigger ? result.trigger_id : RunIds(result);
            case TriggerStart start:
                return Kind == IdKind.Trigger ? start.trigger_id : start.test_runs;
            case IEnumerable many when !(value is string):
                var ids = new List<object?>();
                foreach (object? one in many)
                {
                    ids.Add(Transform(engineIntrinsics, one));
                }

                return Flatten(ids);
            default:
                return inputData;
        }
    }

    private static string[] RunIds(TriggerResult result)
    {
        var ids = new string[result.test_runs.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = result.test_runs[i].id;
        }

        return ids;
    }

    private static object?[] Flatten(List<object?> items)
    {
        var flat = new List<object?>(items.Count);
        foreach (object? item in items)
        {
            if (item is string[] several)
            {
                flat.AddRange(several);
            }
            else
            {
                flat.Add(item);
            }
        }

        return flat.ToArray();
    }
}

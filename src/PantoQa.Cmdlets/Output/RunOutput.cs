using System.Collections.Generic;
using System.Management.Automation;
using PantoQa.Client.Models;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets.Output;

/// <summary>
/// Prepares models for the pipeline. Fields the API added after this version was built become
/// ordinary properties, so Where-Object and ConvertTo-Json still see them: on a trigger, on a
/// run (written alone or inside a trigger's runs) and on each of a run's devices. Every trigger id
/// written is remembered for -TriggerId completion.
/// </summary>
internal static class RunOutput
{
    internal static PSObject ForPipeline(TestRun run)
    {
        TriggerHistory.Remember(run.trigger_id);
        return Prepare(run);
    }

    internal static PSObject ForPipeline(TriggerResult result)
    {
        TriggerHistory.Remember(result.trigger_id);
        var wrapped = WithAdditionalFields(result, result.GetAdditionalFields());
        foreach (var run in result.test_runs)
        {
            if (run is not null)
            {
                Prepare(run);
            }
        }

        return wrapped;
    }

    // Its trigger id is remembered as soon as it is learned, since -Wait writes no TriggerStart.
    internal static PSObject ForPipeline(TriggerStart start) => WithAdditionalFields(start, start.GetAdditionalFields());

    // The one way a run is made ready, alone or inside a trigger's runs, so both look the same.
    private static PSObject Prepare(TestRun run)
    {
        var wrapped = WithAdditionalFields(run, run.GetAdditionalFields());
        if (run.target_device_list is not null)
        {
            foreach (var device in run.target_device_list)
            {
                if (device is not null)
                {
                    WithAdditionalFields(device, device.GetAdditionalFields());
                }
            }
        }

        return wrapped;
    }

    private static PSObject WithAdditionalFields(object model, IReadOnlyList<KeyValuePair<string, object?>> extra)
    {
        var wrapped = ShortTypeName.Apply(model);
        foreach (var field in extra)
        {
            if (wrapped.Properties[field.Key] is null)
            {
                wrapped.Properties.Add(new PSNoteProperty(field.Key, ToShellValue(field.Value)));
            }
        }

        return wrapped;
    }

    private static object? ToShellValue(object? value)
    {
        switch (value)
        {
            case IReadOnlyList<KeyValuePair<string, object?>> members:
                var obj = new PSObject();
                foreach (var member in members)
                {
                    obj.Properties.Add(new PSNoteProperty(member.Key, ToShellValue(member.Value)));
                }

                return obj;
            case object?[] items:
                var converted = new object?[items.Length];
                for (int i = 0; i < items.Length; i++)
                {
                    converted[i] = ToShellValue(items[i]);
                }

                return converted;
            default:
                return value;
        }
    }
}

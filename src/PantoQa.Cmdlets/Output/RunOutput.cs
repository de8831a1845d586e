using System.Collections.Generic;
using System.Management.Automation;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets.Output
{
    /// <summary>
    /// Prepares models for the pipeline. Fields the API added after this version was built become
    /// ordinary properties, so Where-Object and ConvertTo-Json still see them. Every trigger id
    /// written is remembered for -TriggerId completion.
    /// </summary>
    internal static class RunOutput
    {
        internal static object ForPipeline(TestRun run)
        {
            TriggerHistory.Remember(run.trigger_id);
            return WithAdditionalFields(run, run.GetAdditionalFields());
        }

        internal static object ForPipeline(TriggerResult result)
        {
            TriggerHistory.Remember(result.trigger_id);
            return WithAdditionalFields(result, result.GetAdditionalFields());
        }

        // Its trigger id is remembered as soon as it is learned, since -Wait writes no TriggerStart.
        internal static object ForPipeline(TriggerStart start) => WithAdditionalFields(start, start.GetAdditionalFields());

        private static object WithAdditionalFields(object model, IReadOnlyList<KeyValuePair<string, object?>> extra)
        {
            if (extra.Count == 0)
            {
                return model;
            }

            var wrapped = PSObject.AsPSObject(model);
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
}

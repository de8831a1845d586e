using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using PantoQa.Client.Models;
using PantoQa.Client.Reports;
using PantoQa.Cmdlets.Errors;

namespace PantoQa.Cmdlets.Output;

/// <summary>
/// Turns pipeline objects into a <see cref="TestReport"/>. Objects are read by their property
/// names, never their .NET type, so the deserialized copies Import-Clixml hands back
/// (Deserialized.PantoQa.TriggerResult, Deserialized.PantoQa.TestRun) work as the live ones
/// do; type names only tell a trigger start from a result.
/// </summary>
internal sealed class ReportInput
{
    // The last object given for each trigger, for an error about that trigger to point at.
    private readonly Dictionary<string, PSObject> _given = new Dictionary<string, PSObject>(StringComparer.Ordinal);

    internal TestReport Report { get; } = new TestReport();

    /// <summary>The objects that were refused, each with an error of its own.</summary>
    internal int Refused { get; private set; }

    /// <summary>The trigger result last given for <paramref name="triggerId"/>, else the id itself.</summary>
    internal object TargetOf(string triggerId) => _given.TryGetValue(triggerId, out var item) ? item : triggerId;

    /// <summary>
    /// Adds a trigger result or a test run, and passes over the summary -RetryFailed writes
    /// after them; anything else, and anything that would become a
    /// testcase without a name, is refused whole: the error record says why, and nothing of it
    /// is added.
    /// </summary>
    internal ErrorRecord? Add(PSObject item)
    {
        var refused = Read(item);
        if (refused is not null)
        {
            Refused++;
        }

        return refused;
    }

    private ErrorRecord? Read(PSObject item)
    {
        // Live objects skip the property adapter, which costs more than the whole XML write.
        switch (item.BaseObject)
        {
            case TriggerResult result:
                var live = new List<ReportRun>(result.test_runs.Length);
                foreach (var run in result.test_runs)
                {
                    if (run is not null)
                    {
                        live.Add(ReportRun.From(run, result.trigger_id));
                    }
                }

                return AddTrigger(item, result.trigger_id, result.status, live);
            case TestRun run:
                return AddRun(item, ReportRun.From(run));
            case TriggerStart start:
                return ReportErrors.TriggerStartGiven(item, start.trigger_id);
            case RetrySummary:
                // -RetryFailed writes it after the attempts' results, which the report groups itself.
                return null;
        }

        if (HasTypeName(item, "PantoQa.RetrySummary"))
        {
            return null;
        }

        // A start's test_runs are the ids of the runs it started. A result's runs arrive as text
        // too, their ToString(), when serialized one level deep, as jobs and remoting do.
        var runs = item.Properties["test_runs"];
        bool runsAreText = runs is not null && HoldsText(runs.Value);
        if (HasTypeName(item, "PantoQa.TriggerStart") || (runsAreText && !HasTypeName(item, "PantoQa.TriggerResult")))
        {
            return ReportErrors.TriggerStartGiven(item, Text(item, "trigger_id"));
        }

        if (runsAreText)
        {
            return ReportErrors.RunsAsText(item);
        }

        if (runs is not null)
        {
            string triggerId = Text(item, "trigger_id") ?? "";
            var copies = new List<ReportRun>();
            foreach (object? run in Items(runs.Value))
            {
                if (run is not null)
                {
                    copies.Add(Run(PSObject.AsPSObject(run), triggerId));
                }
            }

            return AddTrigger(item, triggerId, Text(item, "status"), copies);
        }

        if (item.Properties["runner_status"] is not null && item.Properties["id"] is not null)
        {
            return AddRun(item, Run(item, null));
        }

        return ReportErrors.InputNotRecognized(item);
    }

    private ErrorRecord? AddTrigger(PSObject item, string triggerId, string? status, List<ReportRun> runs)
    {
        foreach (var run in runs)
        {
            if (!run.HasTitle)
            {
                return ReportErrors.RunWithoutName(item);
            }
        }

        Report.AddTrigger(triggerId, status, runs);
        _given[triggerId] = item;
        return null;
    }

    private ErrorRecord? AddRun(PSObject item, ReportRun run)
    {
        if (!run.HasTitle)
        {
            return ReportErrors.RunWithoutName(item);
        }

        Report.AddRun(run);
        return null;
    }

    private static bool HasTypeName(PSObject item, string name)
    {
        foreach (string typeName in item.TypeNames)
        {
            if (typeName == name || typeName == "Deserialized." + name)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HoldsText(object? runs)
    {
        foreach (object? run in Items(runs))
        {
            if (Unwrap(run) is string)
            {
                return true;
            }
        }

        return false;
    }

    private static ReportRun Run(PSObject run, string? triggerOfResult) =>
        new ReportRun(Text(run, "id") ?? "", Text(run, "trigger_id") ?? triggerOfResult, Text(run, "runner_status"))
        {
            Name = Text(run, "test_run_name"),
            ClassName = Text(run, "test_flow_id") ?? Text(run, "test_suite_id"),
            BuildId = Text(run, "build_file_id"),
            Devices = Devices(run.Properties["target_device_list"]?.Value),
            Remark = Text(run, "remark"),
            Start = Time(run.Properties["runner_start_timestamp"]?.Value),
            End = Time(run.Properties["runner_end_timestamp"]?.Value),
            Created = Time(run.Properties["created_at"]?.Value),
        };

    private static string? Text(PSObject item, string name) => Plain(item.Properties[name]?.Value);

    private static string? Plain(object? value)
    {
        value = Unwrap(value);
        return value is null ? null : value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static IEnumerable Items(object? value)
    {
        value = Unwrap(value);
        if (value is null || value is string)
        {
            return value is null ? Array.Empty<object>() : new[] { value };
        }

        return value as IEnumerable ?? new[] { value };
    }

    private static DateTime? Time(object? value)
    {
        switch (Unwrap(value))
        {
            case DateTime time:
                return time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
            case DateTimeOffset offset:
                return offset.UtcDateTime;
            case string text when DateTime.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed):
                return parsed;
            default:
                return null;
        }
    }

    // A live device is an object; one that went through Export-Clixml at the default depth
    // arrives as its ToString(), "android Pixel 8 14", which already reads right.
    private static string? Devices(object? list)
    {
        StringBuilder? text = null;
        foreach (object? device in Items(list))
        {
            string? one = Device(device);
            if (string.IsNullOrEmpty(one))
            {
                continue;
            }

            text = text is null ? new StringBuilder(one) : text.Append(", ").Append(one);
        }

        return text?.ToString();
    }

    private static string? Device(object? device)
    {
        if (device is null || Unwrap(device) is string)
        {
            return Plain(device);
        }

        var item = PSObject.AsPSObject(device);
        if (item.Properties["device_name"] is null && item.Properties["platform"] is null)
        {
            return Plain(device);
        }

        var text = new StringBuilder();
        foreach (string name in new[] { "platform", "device_name", "platform_version" })
        {
            string? part = Text(item, name);
            if (!string.IsNullOrEmpty(part))
            {
                (text.Length == 0 ? text : text.Append(' ')).Append(part);
            }
        }

        return text.ToString();
    }
}

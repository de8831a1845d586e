using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using PantoQa.Client.Models;
using PantoQa.Cmdlets.Parameters;

namespace PantoQa.Cmdlets.Output;

/// <summary>
/// Reads a piped run for Restart-PantoTestRun. Objects are read by their property names, never
/// their .NET type, so the deserialized copies Import-Clixml, jobs and remoting hand back
/// (Deserialized.PantoQa.TestRun), and objects made by hand with a run's properties, are
/// restarted as live runs are.
/// </summary>
internal static class RestartInput
{
    /// <summary>The run; null when the object has none of a run's properties.</summary>
    internal static RestartRun? Read(PSObject item)
    {
        if (item.BaseObject is TestRun live)
        {
            return RestartRun.From(live);
        }

        if (item.Properties["test_run_name"] is null && item.Properties["build_file_id"] is null && item.Properties["target_device_list"] is null)
        {
            return null;
        }

        return new RestartRun(
            Text(item, "id") ?? "",
            Text(item, "test_run_name"),
            Text(item, "test_suite_id"),
            Text(item, "build_file_id"),
            Devices(item.Properties["target_device_list"]?.Value),
            Text(item, "runner_status"));
    }

    private static string? Text(PSObject item, string name) => ArgumentText.From(item.Properties[name]?.Value);

    // A device the list holds as anything but an object or a map with a device's fields (text,
    // say, from an export too shallow to keep it) stays null, and the plan refuses the run.
    private static List<TargetDevice?> Devices(object? list)
    {
        var devices = new List<TargetDevice?>();
        object? bare = list is PSObject wrapped ? wrapped.BaseObject : list;
        if (bare is null)
        {
            return devices;
        }

        IEnumerable items = bare is IEnumerable many && !(bare is string) && !(bare is IDictionary) ? many : new[] { list };
        foreach (object? item in items)
        {
            devices.Add(Device(item));
        }

        return devices;
    }

    private static TargetDevice? Device(object? item)
    {
        object? bare = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (bare)
        {
            case null:
            case string _:
                return null;
            case TargetDevice device:
                return device;
            case IDictionary map:
                return new TargetDevice
                {
                    platform = ArgumentText.From(map["platform"]),
                    device_name = ArgumentText.From(map["device_name"]),
                    platform_version = ArgumentText.From(map["platform_version"]),
                };
            default:
                var properties = PSObject.AsPSObject(item!);
                return new TargetDevice
                {
                    platform = Text(properties, "platform"),
                    device_name = Text(properties, "device_name"),
                    platform_version = Text(properties, "platform_version"),
                };
        }
    }
}

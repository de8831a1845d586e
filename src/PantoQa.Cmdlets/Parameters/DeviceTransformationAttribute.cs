using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using PantoQa.Client.Models;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>
/// Turns each -Device item into a <see cref="TriggerDevice"/> at binding, so a device that
/// cannot be sent fails the call before any request. An item is a map or an object with
/// device_name, platform_version and optionally platform (a run's target_device_list, live
/// or deserialized, works as is), or the text 'platform:device name:version' or
/// 'device name:version'.
/// </summary>
public sealed class DeviceTransformationAttribute : ArgumentTransformationAttribute
{
    private const string Shapes =
        "Give each device as 'platform:device name:version' or 'device name:version' (for example 'android:Pixel 6:14'), or as @{ platform = 'android'; device_name = 'Pixel 6'; platform_version = '14' }.";

    private static readonly string[] Keys = { "platform", "device_name", "platform_version" };

    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var devices = new List<object>();
        foreach (object? item in Items(inputData))
        {
            devices.Add(ToDevice(item, devices.Count + 1));
        }

        if (devices.Count == 0)
        {
            throw new ArgumentTransformationMetadataException("At least one device is required. " + Shapes);
        }

        return devices.ToArray();
    }

    private static IEnumerable<object?> Items(object? inputData)
    {
        object? bare = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (bare is IEnumerable many && !(bare is string) && !(bare is IDictionary))
        {
            foreach (object? item in many)
            {
                yield return item;
            }
        }
        else
        {
            yield return inputData;
        }
    }

    private static TriggerDevice ToDevice(object? item, int position)
    {
        object? bare = item is PSObject wrapped ? wrapped.BaseObject : item;
        try
        {
            switch (bare)
            {
                case null:
                    throw new ArgumentTransformationMetadataException("A device cannot be null. " + Shapes);
                case TriggerDevice device:
                    return device;
                case string text:
                    return TriggerDevice.Parse(text);
                case IDictionary map:
                    return FromMap(map);
                default:
                    return FromObject(PSObject.AsPSObject(item!), bare);
            }
        }
        catch (FormatException problem)
        {
            throw new ArgumentTransformationMetadataException(problem.Message, problem);
        }
        catch (ArgumentException problem)
        {
            throw new ArgumentTransformationMetadataException($"Device {position} cannot be used: {problem.Message} {Shapes}", problem);
        }
    }

    private static TriggerDevice FromMap(IDictionary map)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in map)
        {
            string? key = ArgumentText.From(entry.Key);
            if (key is null || Array.FindIndex(Keys, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                // A map is typed by hand, so an unknown key is a typo that would otherwise be dropped.
                throw new ArgumentException($"its key '{entry.Key}' is not one of {string.Join(", ", Keys)}.");
            }

            values[key] = Text(entry.Value, key);
        }

        values.TryGetValue("platform", out string? platform);
        values.TryGetValue("device_name", out string? name);
        values.TryGetValue("platform_version", out string? version);
        return Make(platform, name, version);
    }

    private static TriggerDevice FromObject(PSObject item, object bare)
    {
        if (item.Properties["device_name"] is null && item.Properties["platform_version"] is null)
        {
            throw new ArgumentException($"a {bare.GetType().Name} has no device_name or platform_version property.");
        }

        return Make(
            Text(item.Properties["platform"]?.Value, "platform"),
            Text(item.Properties["device_name"]?.Value, "device_name"),
            Text(item.Properties["platform_version"]?.Value, "platform_version"));
    }

    // Checked here so the message names the field as the user wrote it.
    private static TriggerDevice Make(string? platform, string? name, string? version)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version))
        {
            throw new ArgumentException("it needs both a device_name and a platform_version.");
        }

        return new TriggerDevice(string.IsNullOrWhiteSpace(platform) ? null : platform, name!, version!);
    }

    private static string? Text(object? value, string key)
    {
        if (value is null)
        {
            return null;
        }

        return ArgumentText.From(value) ?? throw new ArgumentException($"its {key} is a {PSObject.AsPSObject(value).BaseObject.GetType().Name}, not text.");
    }
}

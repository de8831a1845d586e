using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using PantoQa.Client.Models;

namespace PantoQa.Client.Json;

/// <summary>The trigger request as it goes on the wire; optional fields are left out, never sent as null.</summary>
internal sealed class TriggerRequestBody
{
    public string app_id { get; set; } = "";

    public Dictionary<string, Dictionary<string, string[]>> tags { get; set; } = new Dictionary<string, Dictionary<string, string[]>>();

    public TriggerDeviceBody[] devices { get; set; } = Array.Empty<TriggerDeviceBody>();

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? env_name { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? context_name { get; set; }

    internal static TriggerRequestBody From(TriggerRequest request) => new TriggerRequestBody
    {
        app_id = request.AppId,
        tags = new Dictionary<string, Dictionary<string, string[]>>
        {
            [request.Tags.Selector] = request.Tags.Values.ToDictionary(t => t.Key, t => t.Value.ToArray()),
        },
        devices = request.Devices
            .Select(d => new TriggerDeviceBody { platform = d.Platform, device_name = d.DeviceName, platform_version = d.PlatformVersion })
            .ToArray(),
        env_name = request.EnvName,
        context_name = request.ContextName,
    };
}

internal sealed class TriggerDeviceBody
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? platform { get; set; }

    public string device_name { get; set; } = "";

    public string platform_version { get; set; } = "";
}

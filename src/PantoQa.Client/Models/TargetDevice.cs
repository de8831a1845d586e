using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using PantoQa.Client.Json;

namespace PantoQa.Client.Models;

/// <summary>A device and platform a run targets, as stored by the service.</summary>
public sealed class TargetDevice
{
    /// <summary>The platform, for example android; null when none was stored.</summary>
    public string? platform { get; set; }

    /// <summary>The device, for example pixel 8; the service stores it in lowercase.</summary>
    public string? device_name { get; set; }

    /// <summary>The platform version the run targets, for example 14.</summary>
    public string? platform_version { get; set; }

    [JsonExtensionData, JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Fields the API returned that this version does not model.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetAdditionalFields() => JsonValues.ToPlain(ExtensionData);

    /// <summary>
    /// Platform, device name and version, space-separated, as reports list them; a part the
    /// service did not store is left out, not shown as a blank.
    /// </summary>
    public override string ToString() =>
        string.Join(" ", new[] { platform, device_name, platform_version }.Where(part => !string.IsNullOrWhiteSpace(part)));
}

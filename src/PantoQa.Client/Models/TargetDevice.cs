using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using PantoQa.Client.Json;

namespace PantoQa.Client.Models;

/// <summary>A device and platform a run targets, as stored by the service.</summary>
public sealed class TargetDevice
{
    public string? platform { get; set; }
    public string? device_name { get; set; }
    public string? platform_version { get; set; }

    [JsonExtensionData, JsonInclude]
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Fields the API returned that this version does not model.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetAdditionalFields() => JsonValues.ToPlain(ExtensionData);

    public override string ToString() =>
        platform_version is null ? $"{platform} {device_name}" : $"{platform} {device_name} {platform_version}";
}

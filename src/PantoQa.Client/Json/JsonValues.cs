using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace PantoQa.Client.Json;

/// <summary>Turns JSON the models do not know into plain .NET values a shell can show.</summary>
internal static class JsonValues
{
    private static readonly IReadOnlyList<KeyValuePair<string, object?>> None = Array.Empty<KeyValuePair<string, object?>>();

    internal static IReadOnlyList<KeyValuePair<string, object?>> ToPlain(Dictionary<string, JsonElement>? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return None;
        }

        var result = new List<KeyValuePair<string, object?>>(fields.Count);
        foreach (var field in fields)
        {
            result.Add(new KeyValuePair<string, object?>(field.Key, ToPlain(field.Value)));
        }

        return result;
    }

    /// <summary>
    /// Objects become ordered name/value lists, arrays become <c>object?[]</c>, numbers become
    /// long when whole and decimal otherwise, so that nothing is rounded on the way through.
    /// </summary>
    internal static object? ToPlain(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                if (value.TryGetInt64(out long whole))
                {
                    return whole;
                }

                return value.TryGetDecimal(out decimal exact)
                    ? exact
                    : double.Parse(value.GetRawText(), CultureInfo.InvariantCulture);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Array:
                var items = new object?[value.GetArrayLength()];
                int i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    items[i++] = ToPlain(item);
                }

                return items;
            case JsonValueKind.Object:
                var members = new List<KeyValuePair<string, object?>>();
                foreach (var member in value.EnumerateObject())
                {
                    members.Add(new KeyValuePair<string, object?>(member.Name, ToPlain(member.Value)));
                }

                return members;
            default:
                return null;
        }
    }
}

using System.Text.Json;

namespace PantoQa.Emulator.Triggers;

/// <summary>
/// Validates a trigger request body the way the service's FastAPI model would: every problem
/// found is reported at once, each with its location, and unknown fields are ignored.
/// README "Trigger endpoints" lists the rules.
/// </summary>
public static class TriggerRequestReader
{
    private static readonly string[] IncludeNames = ["include", "include_tags"];
    private static readonly string[] ExcludeNames = ["exclude", "exclude_tags"];

    public static (TriggerRequest? Request, IReadOnlyList<ValidationProblem> Problems) Read(ReadOnlyMemory<byte> body)
    {
        var problems = new List<ValidationProblem>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            problems.Add(new ValidationProblem("json_invalid", ["body", (int)(e.BytePositionInLine ?? 0)], "JSON decode error"));
            return (null, problems);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(ValidationProblem.NotObject(["body"]));
                return (null, problems);
            }

            var appId = RequiredString(root, "app_id", problems);
            var selector = ReadTags(root, problems);
            var devices = ReadDevices(root, problems);
            var envName = OptionalString(root, "env_name", problems);
            var contextName = OptionalString(root, "context_name", problems);
            return problems.Count > 0
                ? (null, problems)
                : (new TriggerRequest(appId!, selector!, devices!, envName, contextName), problems);
        }
    }

    private static TagSelector? ReadTags(JsonElement root, List<ValidationProblem> problems)
    {
        if (!root.TryGetProperty("tags", out var tags) || tags.ValueKind == JsonValueKind.Null)
        {
            problems.Add(ValidationProblem.Missing(["body", "tags"]));
            return null;
        }

        if (tags.ValueKind != JsonValueKind.Object)
        {
            problems.Add(ValidationProblem.NotObject(["body", "tags"]));
            return null;
        }

        var given = new List<(bool Include, string Name, JsonElement Value)>();
        foreach (var name in IncludeNames.Concat(ExcludeNames))
        {
            if (tags.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                given.Add((IncludeNames.Contains(name), name, value));
            }
        }

        if (given.Count != 1)
        {
            // What a pydantic model_validator raising ValueError produces.
            problems.Add(new ValidationProblem(
                "value_error",
                ["body", "tags"],
                "Value error, tags must hold exactly one selector: include (or include_tags) or exclude (or exclude_tags)"));
            return null;
        }

        var (include, selectorName, map) = given[0];
        if (map.ValueKind != JsonValueKind.Object)
        {
            problems.Add(ValidationProblem.NotDictionary(["body", "tags", selectorName]));
            return null;
        }

        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var valid = true;
        foreach (var tag in map.EnumerateObject())
        {
            if (tag.Value.ValueKind != JsonValueKind.Array)
            {
                problems.Add(ValidationProblem.NotList(["body", "tags", selectorName, tag.Name]));
                valid = false;
                continue;
            }

            var list = new List<string>();
            var index = 0;
            foreach (var item in tag.Value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString()!);
                }
                else
                {
                    problems.Add(ValidationProblem.NotString(["body", "tags", selectorName, tag.Name, index]));
                    valid = false;
                }

                index++;
            }

            values[tag.Name] = list;
        }

        return valid ? new TagSelector(include, values) : null;
    }

    private static List<RequestedDevice>? ReadDevices(JsonElement root, List<ValidationProblem> problems)
    {
        if (!root.TryGetProperty("devices", out var devices) || devices.ValueKind == JsonValueKind.Null)
        {
            problems.Add(ValidationProblem.Missing(["body", "devices"]));
            return null;
        }

        if (devices.ValueKind != JsonValueKind.Array)
        {
            problems.Add(ValidationProblem.NotList(["body", "devices"]));
            return null;
        }

        if (devices.GetArrayLength() == 0)
        {
            problems.Add(new ValidationProblem("too_short", ["body", "devices"], "List should have at least 1 item after validation, not 0"));
            return null;
        }

        var result = new List<RequestedDevice>();
        var index = 0;
        var before = problems.Count;
        foreach (var device in devices.EnumerateArray())
        {
            object[] where = ["body", "devices", index++];
            if (device.ValueKind != JsonValueKind.Object)
            {
                problems.Add(ValidationProblem.NotObject(where));
                continue;
            }

            var name = RequiredString(device, "device_name", problems, where);
            var version = RequiredString(device, "platform_version", problems, where);
            var platform = OptionalString(device, "platform", problems, where);
            if (name is not null && version is not null)
            {
                result.Add(new RequestedDevice(platform, name, version));
            }
        }

        return problems.Count == before ? result : null;
    }

    private static string? RequiredString(JsonElement parent, string name, List<ValidationProblem> problems, object[]? where = null)
    {
        object[] location = [.. where ?? ["body"], name];
        if (!parent.TryGetProperty(name, out var value))
        {
            problems.Add(ValidationProblem.Missing(location));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(ValidationProblem.NotString(location));
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(JsonElement parent, string name, List<ValidationProblem> problems, object[]? where = null)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(ValidationProblem.NotString([.. where ?? ["body"], name]));
            return null;
        }

        return value.GetString();
    }
}

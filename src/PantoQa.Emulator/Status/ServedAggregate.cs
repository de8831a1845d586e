using System.Text.Json;

namespace PantoQa.Emulator.Status;

/// <summary>
/// What a trigger's GET test-runs-by-trigger serves as its <c>status</c> in place of the one its
/// runs add up to: one string whatever the runs do, or a map from the computed status to the
/// served one. Lets client tests meet statuses in another case, or unknown ones, while the runs
/// still progress as scheduled.
/// </summary>
public abstract record ServedAggregate
{
    private static readonly string[] Computed = [StatusRules.InProcess, StatusRules.PartiallyPassed, StatusRules.Failed, StatusRules.Passed];

    public abstract string Serve(string computed);

    public abstract void WriteTo(Utf8JsonWriter writer);

    /// <summary>null, a string, or an object of strings keyed by computed statuses.</summary>
    /// <param name="name">How the caller names the value, for the message.</param>
    /// <exception cref="ArgumentException">The value is none of those.</exception>
    public static ServedAggregate? FromJson(JsonElement value, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return new Fixed(value.GetString()!);
            case JsonValueKind.Object:
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in value.EnumerateObject())
                {
                    // A key the rules never compute would be a silent no-op, most likely a typo.
                    if (!Computed.Contains(entry.Name, StringComparer.Ordinal))
                    {
                        throw new ArgumentException($"{name} maps '{entry.Name}', which is no computed status; the keys are {string.Join(", ", Computed)}.");
                    }

                    map[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                        ? entry.Value.GetString()!
                        : throw new ArgumentException($"{name}.{entry.Name} must be a string.");
                }

                return new Mapped(map);
            default:
                throw new ArgumentException($"{name} must be null, a string, or an object mapping computed statuses to served ones.");
        }
    }

    /// <summary>The command-line form: the status to serve, or a JSON object when it starts with '{'.</summary>
    /// <exception cref="ArgumentException">A '{' value that is no valid map.</exception>
    public static ServedAggregate FromCommandLine(string value, string name)
    {
        if (!value.TrimStart().StartsWith('{'))
        {
            return new Fixed(value);
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return FromJson(document.RootElement, name)!;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{name} starts with '{{' but is not a JSON object: {e.Message}");
        }
    }

    /// <summary>Served verbatim, from the trigger's first answer on.</summary>
    public sealed record Fixed(string Status) : ServedAggregate
    {
        public override string Serve(string computed) => Status;

        public override void WriteTo(Utf8JsonWriter writer) => writer.WriteStringValue(Status);
    }

    /// <summary>Computed statuses the map names are replaced; the others are served as computed.</summary>
    public sealed record Mapped(IReadOnlyDictionary<string, string> Map) : ServedAggregate
    {
        public override string Serve(string computed) => Map.GetValueOrDefault(computed, computed);

        public override void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            foreach (var (computed, served) in Map)
            {
                writer.WriteString(computed, served);
            }

            writer.WriteEndObject();
        }
    }
}

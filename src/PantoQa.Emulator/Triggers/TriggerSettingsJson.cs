using System.Text.Json;
using PantoQa.Emulator.Status;

namespace PantoQa.Emulator.Triggers;

/// <summary>
/// Trigger settings as GET and POST /_emulator/trigger-settings show and take them. A field left
/// out takes its command-line default; null, where a field allows it, means "none", so posting
/// what GET answered restores exactly those settings.
/// </summary>
public static class TriggerSettingsJson
{
    private const string IdInResponse = "id_in_response";
    private const string VisibilityDelayMs = "visibility_delay_ms";
    private const string RunTriggerId = "run_trigger_id";
    private const string AggregateStatus = "aggregate_status";

    /// <exception cref="ArgumentException">The body is not valid; the message says why.</exception>
    public static TriggerSettings Read(JsonElement body, TriggerSettings defaults)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The request body must be a JSON object.");
        }

        var settings = defaults;
        foreach (var field in body.EnumerateObject())
        {
            var value = field.Value;
            settings = field.Name switch
            {
                IdInResponse => settings with
                {
                    IdInResponse = value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? value.GetBoolean()
                        : throw new ArgumentException($"{IdInResponse} must be true or false."),
                },
                VisibilityDelayMs => settings with
                {
                    VisibilityDelay = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var ms) && ms >= 0
                        ? TimeSpan.FromMilliseconds(ms)
                        : throw new ArgumentException($"{VisibilityDelayMs} must be a whole number of milliseconds from 0 up."),
                },
                RunTriggerId => settings with
                {
                    RunTriggerId = value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString(),
                        JsonValueKind.Null => null,
                        _ => throw new ArgumentException($"{RunTriggerId} must be a string or null."),
                    },
                },
                AggregateStatus => settings with { AggregateStatus = ServedAggregate.FromJson(value, AggregateStatus) },
                _ => throw new ArgumentException(
                    $"Unknown field '{field.Name}'; the fields are {IdInResponse}, {VisibilityDelayMs}, {RunTriggerId} and {AggregateStatus}."),
            };
        }

        return settings;
    }

    public static void Write(Utf8JsonWriter writer, TriggerSettings settings)
    {
        writer.WriteStartObject();
        writer.WriteBoolean(IdInResponse, settings.IdInResponse);
        writer.WriteNumber(VisibilityDelayMs, (long)settings.VisibilityDelay.TotalMilliseconds);
        writer.WriteString(RunTriggerId, settings.RunTriggerId);
        writer.WritePropertyName(AggregateStatus);
        if (settings.AggregateStatus is { } aggregate)
        {
            aggregate.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }
}

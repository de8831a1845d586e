using System.Globalization;
using System.Text.Json;

namespace PantoQa.Emulator.Requests;

/// <summary>
/// One request as it arrived. Deliberately holds whether an API key was sent and never the key
/// itself: logs end up in CI artefacts.
/// </summary>
public sealed record RequestLogEntry(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string RawTarget,
    int? StatusCode,
    string? Fault,
    bool ApiKeyPresent)
{
    private static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText MethodName = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText RawTargetName = JsonEncodedText.Encode("raw_target");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText FaultName = JsonEncodedText.Encode("fault");
    private static readonly JsonEncodedText ApiKeyPresentName = JsonEncodedText.Encode("api_key_present");
    private static readonly JsonEncodedText Dropped = JsonEncodedText.Encode("dropped");

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(SequenceName, Sequence);
        writer.WriteString(TimeName, Time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteString(MethodName, Method);
        writer.WriteString(RawTargetName, RawTarget);
        if (StatusCode is { } status)
        {
            writer.WriteNumber(StatusName, status);
        }
        else
        {
            writer.WriteString(StatusName, Dropped);
        }

        writer.WriteString(FaultName, Fault);
        writer.WriteBoolean(ApiKeyPresentName, ApiKeyPresent);
        writer.WriteEndObject();
    }
}

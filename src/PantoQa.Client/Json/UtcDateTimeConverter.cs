using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PantoQa.Client.Json;

/// <summary>
/// Reads API timestamps as UTC <see cref="DateTime"/> values whatever offset they carry, and
/// writes them back in the API's own form, so a round trip through ConvertTo-Json or the
/// serializer is lossless and comparisons with Get-Date behave.
/// </summary>
internal sealed class UtcDateTimeConverter : JsonConverter<DateTime?>
{
    private static readonly char[] OffsetMarks = { 'Z', '+', '-' };

    public override bool HandleNull => true;

    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var stamp))
        {
            // The parser takes a stamp without an offset as local time, which would shift it by
            // the machine's zone; the API's stamps are UTC, so such a clock reading is UTC too.
            return HasOffset(reader.GetString())
                ? stamp.UtcDateTime
                : DateTime.SpecifyKind(stamp.DateTime, DateTimeKind.Utc);
        }

        throw new JsonException("Expected an ISO 8601 timestamp or null.");
    }

    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    private static bool HasOffset(string? stamp)
    {
        if (stamp is null)
        {
            return false;
        }

        // A bare date has no offset; in a date and time, the offset follows the 'T'.
        int time = stamp.IndexOf('T');
        return time >= 0 && stamp.IndexOfAny(OffsetMarks, time) >= 0;
    }
}

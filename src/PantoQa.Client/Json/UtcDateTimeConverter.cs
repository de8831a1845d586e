using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PantoQa
{
    /// <summary>
    /// Reads API timestamps as UTC <see cref="DateTime"/> values whatever offset they carry, and
    /// writes them back in the API's own form, so a round trip through ConvertTo-Json or the
    /// serializer is lossless and comparisons with Get-Date behave.
    /// </summary>
    internal sealed class UtcDateTimeConverter : JsonConverter<DateTime?>
    {
        public override bool HandleNull => true;

        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var stamp))
            {
                return stamp.UtcDateTime;
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
    }
}

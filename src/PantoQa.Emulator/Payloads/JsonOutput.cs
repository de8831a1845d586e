using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PantoQa.Emulator.Payloads;

/// <summary>How the emulator writes JSON: compact and with raw UTF-8, like the real service.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        // The real service writes non-ASCII text as UTF-8, not as \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write, int sizeHint = 1024)
    {
        var buffer = new ArrayBufferWriter<byte>(sizeHint);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>ISO-8601 UTC to the second, as in the API document: 2026-05-21T10:30:00Z.</summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            writer.WriteNull(name);
            return;
        }

        Span<byte> text = stackalloc byte[32];
        time.UtcDateTime.TryFormat(text, out var written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}

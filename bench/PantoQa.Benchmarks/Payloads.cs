using System.Globalization;
using System.Text.Json;

namespace PantoQa.Benchmarks;

/// <summary>
/// Bodies shaped like the service's and the emulator's: every documented field, one device per
/// run, every tenth run failed with a remark, the rest passed.
/// </summary>
internal static class Payloads
{
    internal static byte[] RunBody() => Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("test_run");
        WriteRun(w, 1);
        w.WriteEndObject();
    });

    internal static byte[] TriggerBody(int runs) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("test_runs");
        for (int i = 1; i <= runs; i++)
        {
            WriteRun(w, i);
        }

        w.WriteEndArray();
        w.WriteString("status", "partially_passed");
        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static void WriteRun(Utf8JsonWriter w, int i)
    {
        bool failed = i % 10 == 0;
        w.WriteStartObject();
        w.WriteString("id", "big_" + i.ToString("D5", CultureInfo.InvariantCulture));
        w.WriteString("created_at", "2026-05-21T10:30:00Z");
        w.WriteString("test_framework", "appium");
        w.WriteString("context_id", "context_big");
        w.WriteString("env_id", "env_01");
        w.WriteString("build_file_id", "app_01");
        w.WriteString("runner_create_timestamp", "2026-05-21T10:30:00Z");
        w.WriteString("runner_start_timestamp", "2026-05-21T10:31:00Z");
        w.WriteString("runner_end_timestamp", "2026-05-21T10:40:00Z");
        w.WriteString("runner_status", failed ? "failed" : "passed");
        if (failed)
        {
            w.WriteString("remark", "Assertion failed on checkout button");
        }
        else
        {
            w.WriteNull("remark");
        }

        w.WriteString("test_run_name", "Nightly full regression");
        w.WriteString("test_flow_id", "flow_big");
        w.WriteString("test_suite_id", "suite_big");
        w.WriteStartArray("target_device_list");
        w.WriteStartObject();
        w.WriteString("platform", "android");
        w.WriteString("device_name", "pixel 8");
        w.WriteString("platform_version", "14");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("trigger_id", "big");
        w.WriteEndObject();
    }
}

namespace PantoQa.Testing;

/// <summary>The API document's example payloads, copied with its "should be in lowercase" comment dropped.</summary>
public static partial class DocumentExample
{
    public const string Run = """
        {
          "id": "testrun_01",
          "created_at": "2026-05-21T10:30:00Z",
          "test_framework": "appium",
          "context_id": "context_01",
          "env_id": "env_01",
          "build_file_id": "app_01",
          "runner_create_timestamp": "2026-05-21T10:31:00Z",
          "runner_start_timestamp": "2026-05-21T10:32:00Z",
          "runner_end_timestamp": null,
          "runner_status": "in_process",
          "remark": null,
          "test_run_name": "Checkout regression",
          "test_flow_id": "flow_01",
          "test_suite_id": null,
          "target_device_list": [
            {
              "platform": "android",
              "device_name": "pixel 8",
              "platform_version": "14"
            }
          ],
          "trigger_id": "trigger_01"
        }
        """;

    public const string RunBody = $$"""{ "test_run": {{Run}} }""";

    public const string TriggerBody = $$"""{ "test_runs": [ {{Run}} ], "status": "in_process" }""";
}

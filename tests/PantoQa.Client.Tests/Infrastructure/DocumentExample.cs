namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>The API document's example payloads, copied with its "should be in lowercase" comment dropped.</summary>
public static class DocumentExample
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

    /// <summary>Asserts every field of the example, so a parse that drops or shifts one shows which.</summary>
    public static void AssertIsTheExample(TestRun run)
    {
        Assert.Equal("testrun_01", run.id);
        Assert.Equal(new DateTime(2026, 5, 21, 10, 30, 0, DateTimeKind.Utc), run.created_at);
        Assert.Equal(DateTimeKind.Utc, run.created_at!.Value.Kind);
        Assert.Equal("appium", run.test_framework);
        Assert.Equal("context_01", run.context_id);
        Assert.Equal("env_01", run.env_id);
        Assert.Equal("app_01", run.build_file_id);
        Assert.Equal(new DateTime(2026, 5, 21, 10, 31, 0, DateTimeKind.Utc), run.runner_create_timestamp);
        Assert.Equal(DateTimeKind.Utc, run.runner_create_timestamp!.Value.Kind);
        Assert.Equal(new DateTime(2026, 5, 21, 10, 32, 0, DateTimeKind.Utc), run.runner_start_timestamp);
        Assert.Equal(DateTimeKind.Utc, run.runner_start_timestamp!.Value.Kind);
        Assert.Null(run.runner_end_timestamp);
        Assert.Equal("in_process", run.runner_status);
        Assert.Null(run.remark);
        Assert.Equal("Checkout regression", run.test_run_name);
        Assert.Equal("flow_01", run.test_flow_id);
        Assert.Null(run.test_suite_id);
        var device = Assert.Single(run.target_device_list!);
        Assert.IsType<TargetDevice>(device);
        Assert.Equal("android", device.platform);
        Assert.Equal("pixel 8", device.device_name);
        Assert.Equal("14", device.platform_version);
        Assert.Empty(device.GetAdditionalFields());
        Assert.Equal("trigger_01", run.trigger_id);
        Assert.Empty(run.GetAdditionalFields());
    }
}

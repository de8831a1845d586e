using PantoQa.Client.Models;

namespace PantoQa.Testing;

// The payloads are in tests/Shared, where the emulator tests read them too; this half needs the
// client's models.
public static partial class DocumentExample
{
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

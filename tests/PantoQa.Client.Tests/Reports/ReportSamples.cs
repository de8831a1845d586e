using PantoQa.Client.Reports;

namespace PantoQa.Client.Tests.Reports;

/// <summary>Reports built by hand, shaped like the emulator's default triggers.</summary>
internal static class ReportSamples
{
    internal static readonly DateTime Start = new(2026, 5, 21, 9, 0, 30, DateTimeKind.Utc);

    internal static ReportRun Run(string id, string trigger, string status, string? remark = null, double seconds = 60, double startOffset = 0) =>
        new(id, trigger, status)
        {
            Name = "Login",
            ClassName = "flow_login",
            Devices = "android Pixel 8 14",
            Remark = remark,
            Start = Start.AddSeconds(startOffset),
            End = Start.AddSeconds(startOffset + seconds),
        };

    /// <summary>t1: 2 passed, 2 failed (partially_passed); t2: failed and timed_out (failed).</summary>
    internal static TestReport Finished()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "partially_passed",
        [
            Run("r1", "t1", "passed", seconds: 160),
            Run("r2", "t1", "failed", "Assertion failed on checkout button", seconds: 202.5, startOffset: 10),
            Run("r3", "t1", "failed", "3-D Secure page did not load", seconds: 306),
            Run("r4", "t1", "passed", seconds: 89),
        ]);
        report.AddTrigger("t2", "failed",
        [
            Run("r5", "t2", "failed", "SSO login button not found"),
            Run("r6", "t2", "timed_out", "Run exceeded its 15 minute limit"),
        ]);
        return report;
    }

    internal static TestReport Running()
    {
        var report = new TestReport();
        report.AddTrigger("trigger_running", "in_process",
        [
            Run("rr1", "trigger_running", "passed"),
            new ReportRun("rr2", "trigger_running", "queued") { Name = "Search" },
        ]);
        return report;
    }

    internal static ReportRun Attempt(string id, string trigger, string status, string name, string? remark = null, double createdOffset = 0, string devices = "android device 1 14") =>
        new(id, trigger, status)
        {
            Name = name,
            ClassName = "flow_" + name.Replace(' ', '_').ToLowerInvariant(),
            BuildId = "app_01",
            Devices = devices,
            Remark = remark,
            Created = Start.AddSeconds(createdOffset),
            Start = Start.AddSeconds(createdOffset + 5),
            End = Start.AddSeconds(createdOffset + 65),
        };

    /// <summary>
    /// What Start-PantoTestFlow -Wait -RetryFailed 1 outputs for two flows of which one fails
    /// first: ta (Browse passed, Add to cart failed), then tb (Add to cart passed).
    /// </summary>
    internal static TestReport Retried()
    {
        var report = new TestReport();
        report.AddTrigger("ta", "partially_passed",
        [
            Attempt("ra1", "ta", "passed", "Browse"),
            Attempt("ra2", "ta", "failed", "Add to cart", "Timed out waiting\nfor the cart"),
        ]);
        report.AddTrigger("tb", "passed", [Attempt("rb1", "tb", "passed", "Add to cart", createdOffset: 120)]);
        return report;
    }
}

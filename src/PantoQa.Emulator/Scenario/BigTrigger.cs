using System.Globalization;
using PantoQa.Emulator.Status;
using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Scenario;

/// <summary>
/// The generated trigger <c>big</c>, for benchmarks and paging-free large responses:
/// every run final from the start, every tenth one failed, the rest passed.
/// </summary>
public static class BigTrigger
{
    public const string TriggerId = "big";
    public const int DefaultRunCount = 10_000;
    public const int MaxRunCount = 1_000_000;
    public const string FailureRemark = "Assertion failed on checkout button";

    private static readonly TestSuite Suite = new("suite_big", "Nightly full regression");
    private static readonly TestFlow Flow = new("flow_big", "Full regression", null);

    private static readonly TargetDevice[][] DeviceSets =
    [
        [new TargetDevice("android", "pixel 8", "14")],
        [new TargetDevice("ios", "iphone 15", "17.4")],
        [new TargetDevice("android", "galaxy s24", "14")],
    ];

    public static CompiledScenario Create(int runCount, DateTimeOffset loadedAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runCount, MaxRunCount);

        var width = Math.Max(5, runCount.ToString(CultureInfo.InvariantCulture).Length);
        var naming = new RunNaming(Suite.Name, Flow.Id, Suite.Id);
        var metadata = new RunMetadata("appium", "context_big", "env_01", "app_01");
        var timestamps = new RunTimestamps(loadedAt, loadedAt, null, null);
        var passed = new[] { new ScheduleStep(StatusRules.Passed, null, TimeSpan.Zero) };
        var failed = new[] { new ScheduleStep(StatusRules.Failed, FailureRemark, TimeSpan.Zero) };

        var runs = new EmulatedRun[runCount];
        for (var i = 1; i <= runCount; i++)
        {
            runs[i - 1] = new EmulatedRun(
                "big_" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'),
                TriggerId,
                naming,
                metadata,
                DeviceSets[i % DeviceSets.Length],
                loadedAt,
                timestamps,
                i % 10 == 0 ? failed : passed);
        }

        return new CompiledScenario([Suite], [Flow], [new EmulatedTrigger(TriggerId, runs)], []);
    }
}

using PantoQa.Client.Models;

namespace PantoQa.Client.Tests;

public sealed class RestartPlanTests
{
    private static readonly TargetDevice Pixel = Device("android", "pixel 8", "14");
    private static readonly TargetDevice Galaxy = Device("android", "galaxy s24", "14");
    private static readonly TargetDevice IPhone = Device("ios", "iphone 15", "17.4");

    [Fact]
    public void FlowsOnOneBuildAndOneSetOfDevices_GoInOneRequest_ByName_OnExactlyThoseDevices()
    {
        var plan = RestartPlan.For([Run("r1", "Login", "app_01", Pixel), Run("r2", "Search", "app_01", Pixel)]);

        var batch = Assert.Single(plan.Batches);
        Assert.Empty(plan.Refusals);
        var request = batch.ToRequest("staging", "guest");
        Assert.Equal("app_01", request.AppId);
        Assert.Equal("include_tags", request.Tags.Selector);
        Assert.Equal(["Login", "Search"], request.Tags.Values["_$NAME"]);
        Assert.Equal(["android:pixel 8:14"], request.Devices.Select(d => d.ToString()));
        Assert.Equal("staging", request.EnvName);
        Assert.Equal("guest", request.ContextName);
        Assert.Equal(["r1", "r2"], batch.Runs.Select(r => r.Id));
    }

    [Fact]
    public void AnotherBuild_OrAnotherSetOfDevices_IsAnotherRequest_AndNoFlowGoesWhereItWasNotGiven()
    {
        var plan = RestartPlan.For(
        [
            Run("r1", "Login", "app_01", Pixel),
            Run("r2", "Checkout", "app_01", Galaxy),
            Run("r3", "Search", "app_02", Pixel),
            Run("r4", "Checkout", "app_01", Pixel, Galaxy),
            Run("r5", "Search", "app_01", Pixel),
        ]);

        Assert.Equal(
            [
                "app_01 [android:pixel 8:14] Login,Search",
                "app_01 [android:galaxy s24:14] Checkout",
                "app_02 [android:pixel 8:14] Search",
                "app_01 [android:pixel 8:14,android:galaxy s24:14] Checkout",
            ],
            plan.Batches.Select(Describe));
    }

    [Fact]
    public void DevicesInAnotherOrder_OrANameInAnotherCase_AreTheSameSet_ButPlatformAndVersionCompareExactly()
    {
        var plan = RestartPlan.For(
        [
            Run("r1", "Login", "app_01", Pixel, IPhone),
            Run("r2", "Search", "app_01", IPhone, Device("android", "Pixel 8", "14")),
            Run("r3", "Login", "app_01", Device("Android", "pixel 8", "14")),
            Run("r4", "Login", "app_01", Device("android", "pixel 8", "14.0")),
        ]);

        Assert.Equal(
            [
                "app_01 [android:pixel 8:14,ios:iphone 15:17.4] Login,Search",
                "app_01 [Android:pixel 8:14] Login",
                "app_01 [android:pixel 8:14.0] Login",
            ],
            plan.Batches.Select(Describe));
    }

    [Fact]
    public void TheSameFlowGivenTwice_IsAskedForOnce_AndNamesCompareExactly()
    {
        var plan = RestartPlan.For([Run("r1", "Login", "app_01", Pixel), Run("r2", "Login", "app_01", Pixel), Run("r3", "login", "app_01", Pixel)]);

        var batch = Assert.Single(plan.Batches);
        Assert.Equal(["Login", "login"], batch.FlowNames);
        Assert.Equal(["r1", "r2", "r3"], batch.Runs.Select(r => r.Id));
    }

    [Fact]
    public void ADeviceWithoutAPlatform_IsSentWithout()
    {
        var batch = Assert.Single(RestartPlan.For([Run("r1", "Login", "app_01", Device(null, "pixel 8", "14"))]).Batches);

        Assert.Null(batch.Devices[0].Platform);
        Assert.Equal("pixel 8:14", batch.Devices[0].ToString());
    }

    [Fact]
    public void SuiteRuns_AndIncompleteRuns_AreRefused_EachWithItsReason_AndSendNothing()
    {
        var suiteRun = new RestartRun("s1", "Smoke suite", "suite_smoke", "app_01", [Pixel]);
        var plan = RestartPlan.For(
        [
            suiteRun,
            Run("n1", null, "app_01", Pixel),
            Run("b1", "Login", " ", Pixel),
            Run("d1", "Login", "app_01"),
            Run("d2", "Login", "app_01", Device("android", "pixel 8", null)),
            new RestartRun("d3", "Login", null, "app_01", [null]),
            Run("ok", "Login", "app_01", Pixel),
        ]);

        Assert.Equal(["ok"], plan.Batches.SelectMany(b => b.Runs).Select(r => r.Id));
        Assert.Equal(
            [
                ("s1", RestartRefusalReason.SuiteRun),
                ("n1", RestartRefusalReason.NoName),
                ("b1", RestartRefusalReason.NoBuild),
                ("d1", RestartRefusalReason.NoDevices),
                ("d2", RestartRefusalReason.NoDevices),
                ("d3", RestartRefusalReason.NoDevices),
            ],
            plan.Refusals.Select(r => (r.Run.Id, r.Reason)));
        Assert.Contains("'Smoke suite' (suite_smoke)", plan.Refusals[0].Message, StringComparison.Ordinal);
        Assert.Contains("Start-PantoTestSuite", plan.Refusals[0].Message, StringComparison.Ordinal);
        Assert.All(plan.Refusals, r => Assert.Contains($"'{r.Run.Id}'", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void NoRuns_PlanNothing()
    {
        var plan = RestartPlan.For([]);

        Assert.Empty(plan.Batches);
        Assert.Empty(plan.Refusals);
    }

    [Fact]
    public void FlowKey_IsOneFlowOnOneBuildAndOneSetOfDevices()
    {
        string key = RestartPlan.FlowKey(Run("r1", "Login", "app_01", Pixel, Galaxy));

        Assert.Equal(key, RestartPlan.FlowKey(Run("r2", "Login", "app_01", Galaxy, Device("android", "Pixel 8", "14"))));
        Assert.NotEqual(key, RestartPlan.FlowKey(Run("r3", "Login", "app_01", Pixel)));
        Assert.NotEqual(key, RestartPlan.FlowKey(Run("r4", "Login", "app_02", Pixel, Galaxy)));
        Assert.NotEqual(key, RestartPlan.FlowKey(Run("r5", "Search", "app_01", Pixel, Galaxy)));
    }

    [Fact]
    public void RestartRun_FromALiveRun_TakesWhatARestartNeeds()
    {
        var run = RestartRun.From(new TestRun
        {
            id = "r2", test_run_name = "Checkout regression", build_file_id = "app_01", runner_status = "failed", trigger_id = "t1",
            target_device_list = [Galaxy],
        });

        Assert.Equal(("r2", "Checkout regression", "app_01", "failed", false), (run.Id, run.Name, run.BuildId, run.Status, run.IsSuiteRun));
        Assert.Same(Galaxy, Assert.Single(run.Devices));
    }

    internal static RestartRun Run(string id, string? name, string? build, params TargetDevice[] devices) =>
        new(id, name, null, build, devices);

    internal static TargetDevice Device(string? platform, string? name, string? version) =>
        new() { platform = platform, device_name = name, platform_version = version };

    private static string Describe(RestartBatch batch) =>
        $"{batch.AppId} [{string.Join(",", batch.Devices)}] {string.Join(",", batch.FlowNames)}";
}

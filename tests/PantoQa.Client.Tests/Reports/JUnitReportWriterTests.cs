using System.Globalization;
using System.Xml.Linq;
using PantoQa.Client.Reports;

namespace PantoQa.Client.Tests.Reports;

public sealed class JUnitReportWriterTests
{
    private static byte[] Write(TestReport report, DateTime? reportTime = null)
    {
        var writer = new JUnitReportWriter { HostName = "ci-runner-7" };
        if (reportTime is DateTime time)
        {
            writer.ReportTime = time;
        }

        using var output = new MemoryStream();
        writer.Write(report, output);
        return output.ToArray();
    }

    private static XElement Root(byte[] document) => XDocument.Load(new MemoryStream(document)).Root!;

    [SchemaFact]
    public void FinishedTriggers_AreValidAgainstThePublishedSchemaAsItIs()
    {
        Assert.Empty(JUnitSchema.Errors(JUnitSchema.Published(), Write(ReportSamples.Finished())));
    }

    [SchemaFact]
    public void RunsInProcess_AreSkipped_WhichTheCurrentRevisionAcceptsAndThe2011OneDoesNot()
    {
        byte[] document = Write(ReportSamples.Running());

        Assert.Empty(JUnitSchema.Errors(JUnitSchema.CurrentRevision(), document));
        // The check is not vacuous: the packaged 2011 revision knows no skipped tests.
        Assert.Contains(JUnitSchema.Errors(JUnitSchema.Published(), document), error => error.Contains("skipped", StringComparison.Ordinal));

        var suite = Root(document).Element("testsuite")!;
        Assert.Equal("1", (string?)suite.Attribute("skipped"));
        var cases = suite.Elements("testcase").ToList();
        Assert.Empty(cases[0].Elements());
        var skipped = Assert.Single(cases[1].Elements());
        Assert.Equal("skipped", skipped.Name.LocalName);
        Assert.Contains("Still in process (runner_status queued)", (string?)skipped.Attribute("message"), StringComparison.Ordinal);
    }

    [Fact]
    public void ARunCountedInProcess_InATriggerWhoseStatusIsFinal_IsNotSaidToBeRunning()
    {
        var report = new TestReport();
        report.AddTrigger("t9", "cancelled", [new ReportRun("r1", "t9", "stopped") { Name = "Login" }]);

        var suite = Root(Write(report)).Element("testsuite")!;

        Assert.Equal("1", (string?)suite.Attribute("skipped"));
        Assert.Equal(
            "No result: runner_status stopped counts as still running, though the trigger's status cancelled is final.",
            (string?)suite.Element("testcase")!.Element("skipped")!.Attribute("message"));
        Assert.Contains(suite.Element("properties")!.Elements("property"), p => (string?)p.Attribute("name") == "status" && (string?)p.Attribute("value") == "cancelled");
    }

    [SchemaFact]
    public void ThePublishedSchema_RejectsWhatItShould()
    {
        // Guards the guard: a timestamp with a zone and a missing required element both fail.
        string bad = """
            <testsuites><testsuite name="x" timestamp="2026-05-21T09:00:30Z" hostname="h" tests="0" failures="0" errors="0" time="0" id="0" package="p">
            <properties/><system-out/></testsuite></testsuites>
            """;
        var errors = JUnitSchema.Errors(JUnitSchema.Published(), System.Text.Encoding.UTF8.GetBytes(bad));
        Assert.Contains(errors, error => error.Contains("timestamp", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("system-err", StringComparison.Ordinal));
    }

    [Fact]
    public void Suites_CarryEveryCountAndTheirIndex()
    {
        var suites = Root(Write(ReportSamples.Finished())).Elements("testsuite").ToList();

        Assert.Equal(2, suites.Count);
        Assert.Equal(
            ["Panto QA trigger t1", "0", JUnitReportWriter.Package, "ci-runner-7", "4", "2", "0", null],
            new[] { "name", "id", "package", "hostname", "tests", "failures", "errors", "skipped" }.Select(a => (string?)suites[0].Attribute(a)));
        Assert.Equal(["1", "2", "2", "0"], new[] { "id", "tests", "failures", "errors" }.Select(a => (string?)suites[1].Attribute(a)));
        Assert.Equal(
            ["trigger_id=t1", "status=partially_passed", "total=4", "passed=2", "failed=2", "in_process=0"],
            suites[0].Element("properties")!.Elements("property").Select(p => $"{p.Attribute("name")!.Value}={p.Attribute("value")!.Value}"));
    }

    [Fact]
    public void Testcases_NameTheRunAndDevices_TheirFlow_AndTheirTime()
    {
        var cases = Root(Write(ReportSamples.Finished())).Element("testsuite")!.Elements("testcase").ToList();

        // Every sample run is a Login on the same device, so each name carries its run id too.
        Assert.Equal("Login (android Pixel 8 14) [r1]", (string?)cases[0].Attribute("name"));
        Assert.Equal("flow_login", (string?)cases[0].Attribute("classname"));
        Assert.Equal(["160", "202.5", "306", "89"], cases.Select(c => (string?)c.Attribute("time")));
        var failure = Assert.Single(cases[1].Elements());
        Assert.Equal("failure", failure.Name.LocalName);
        Assert.Equal("failed", (string?)failure.Attribute("type"));
        Assert.Equal("Assertion failed on checkout button", (string?)failure.Attribute("message"));
        Assert.Contains("r2", failure.Value, StringComparison.Ordinal);
    }

    private static List<(string? ClassName, string? Name)> Cases(TestReport report) =>
        Root(Write(report)).Descendants("testcase").Select(c => ((string?)c.Attribute("classname"), (string?)c.Attribute("name"))).ToList();

    private static ReportRun Login(string id, string device, string status = "passed") =>
        new(id, "t1", status) { Name = "Login", ClassName = "flow_login", Devices = device };

    [Fact]
    public void RunsThatWouldShareANameInASuite_AddTheirRunIds_AndOnlyThey()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "partially_passed",
        [
            Login("testrun_a", "android pixel 8 14"),
            Login("testrun_b", "android pixel 8 14", "failed"),
            Login("testrun_c", "ios iphone 15 17.4"),
            new ReportRun("testrun_d", "t1", "passed") { Name = "Login", ClassName = "flow_login_sso", Devices = "android pixel 8 14" },
        ]);

        Assert.Equal(
            [
                ("flow_login", "Login (android pixel 8 14) [testrun_a]"),
                ("flow_login", "Login (android pixel 8 14) [testrun_b]"),
                ("flow_login", "Login (ios iphone 15 17.4)"),
                ("flow_login_sso", "Login (android pixel 8 14)"),
            ],
            Cases(report));
    }

    [Fact]
    public void Names_StayTheSameFromBuildToBuild_WhenTheRunIdsChange()
    {
        static TestReport Build(string build)
        {
            var report = new TestReport();
            report.AddTrigger("trigger_" + build, "passed",
            [
                Login("testrun_1_" + build, "android pixel 8 14"),
                Login("testrun_2_" + build, "ios iphone 15 17.4"),
            ]);
            return report;
        }

        Assert.Equal(Cases(Build("monday")), Cases(Build("tuesday")));
        Assert.DoesNotContain(Cases(Build("monday")), c => c.Name!.Contains("testrun", StringComparison.Ordinal));
    }

    [Fact]
    public void NoTwoCasesOfASuite_ShareClassnameAndName_AsReadersCompareThem()
    {
        var report = new TestReport();
        report.AddTrigger("t1", "failed",
        [
            new ReportRun("", "t1", "failed") { Name = "Login" },
            new ReportRun("", "t1", "failed") { Name = "Login" },
            new ReportRun("", "t1", "failed") { Name = " Login " },
            new ReportRun("x1", "t1", "failed") { Name = "Login [x2]" },
            new ReportRun("x2", "t1", "failed") { Name = "Login" },
            new ReportRun("x3", "t1", "failed") { Name = "Login" },
            new ReportRun("c1", "t1", "failed") { Name = "ctl\u0001" },
            new ReportRun("c2", "t1", "failed") { Name = "ctl\u0002" },
            new ReportRun("", "t1", "failed"),
        ]);

        var cases = Cases(report);

        Assert.Equal(9, cases.Count);
        Assert.Equal(cases.Count, cases.Select(c => c.ClassName + "\n" + c.Name!.Trim()).Distinct().Count());
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Name)));
        Assert.Equal(("PantoQa", "(a run without an id or a name)"), cases[^1]);
    }

    [Theory]
    [InlineData(1.2345678, "1.235")]
    [InlineData(0.0004, "0")]
    [InlineData(59.9996, "60")]
    [InlineData(0.1, "0.1")]
    [InlineData(34_560_000.25, "34560000.25")]
    public void Times_ArePlainInvariantSeconds_WithAtMostThreeDecimals(double seconds, string expected)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            var report = new TestReport();
            report.AddRun(new ReportRun("r1", "t1", "passed") { Start = ReportSamples.Start, End = ReportSamples.Start.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)) });

            var suite = Root(Write(report)).Element("testsuite")!;

            Assert.Equal(expected, (string?)suite.Element("testcase")!.Attribute("time"));
            Assert.Equal(expected, (string?)suite.Attribute("time"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void EveryFailedOutcome_IsAFailureTypedWithItsStatus()
    {
        var cases = Root(Write(ReportSamples.Finished())).Elements("testsuite").ElementAt(1).Elements("testcase");

        Assert.Equal(["failed", "timed_out"], cases.Select(c => (string?)c.Element("failure")!.Attribute("type")));
    }

    [Fact]
    public void Suite_IsStampedWithItsFirstStart_AndSpansToItsLastEnd()
    {
        var suite = Root(Write(ReportSamples.Finished())).Element("testsuite")!;

        Assert.Equal("2026-05-21T09:00:30", (string?)suite.Attribute("timestamp"));
        // r2 starts 10 s in and ends 212.5 s in; r3 ends 306 s in, the latest.
        Assert.Equal("306", (string?)suite.Attribute("time"));
    }

    [Fact]
    public void Suite_WithoutStartedRuns_IsStampedWithTheReportTime_WithoutFractionOrZone()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("q1", "t9", "queued"));

        var suite = Root(Write(report, new DateTime(2026, 12, 2, 6, 5, 7, 999, DateTimeKind.Utc))).Element("testsuite")!;

        Assert.Equal("2026-12-02T06:05:07", (string?)suite.Attribute("timestamp"));
        Assert.Equal("0", (string?)suite.Element("testcase")!.Attribute("time"));
    }

    [Fact]
    public void Numbers_AreInvariant_WhateverTheCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var report = new TestReport();
            report.AddRun(ReportSamples.Run("r1", "t1", "passed", seconds: 1234.5));

            string text = System.Text.Encoding.UTF8.GetString(Write(report));

            Assert.Contains("time=\"1234.5\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("1234,5", text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [SchemaFact]
    public void HostileText_SurvivesARoundTripExactly()
    {
        const string name = "Pay <now> & \"save\" 'it' ]]> |\t| x\r\ny\rz";
        const string remark = "Expected <b>Pay</b> & got ]]>\r\n\"quoted\"\ttabbed 'single'";
        var report = new TestReport();
        report.AddRun(new ReportRun("h1", "t<&>\"1", "failed") { Name = name, ClassName = "flow&<1>", Remark = remark });

        byte[] document = Write(report);

        Assert.Empty(JUnitSchema.Errors(JUnitSchema.Published(), document));
        var suite = Root(document).Element("testsuite")!;
        var testcase = suite.Element("testcase")!;
        Assert.Equal(name, (string?)testcase.Attribute("name"));
        Assert.Equal("flow&<1>", (string?)testcase.Attribute("classname"));
        Assert.Equal(remark, (string?)testcase.Element("failure")!.Attribute("message"));
        Assert.EndsWith(remark, testcase.Element("failure")!.Value, StringComparison.Ordinal);
        Assert.Equal("Panto QA trigger t<&>\"1", (string?)suite.Attribute("name"));
    }

    [SchemaFact]
    public void CharactersXmlForbids_AreReplaced_NeverWritten()
    {
        const string remark = "esc \u001B[31mred\u001B[0m bell \u0007 nul \u0000 lone \uD800 pair \uD83D\uDE00 end \uFFFF";
        var report = new TestReport();
        report.AddRun(new ReportRun("c1", "t1", "failed") { Name = "ctl\u0001name", Remark = remark });

        byte[] document = Write(report);

        Assert.Empty(JUnitSchema.Errors(JUnitSchema.Published(), document));
        var testcase = Root(document).Descendants("testcase").Single();
        Assert.Equal("ctl\uFFFDname", (string?)testcase.Attribute("name"));
        Assert.Equal(
            "esc \uFFFD[31mred\uFFFD[0m bell \uFFFD nul \uFFFD lone \uFFFD pair \uD83D\uDE00 end \uFFFD",
            (string?)testcase.Element("failure")!.Attribute("message"));
    }

    [SchemaFact]
    public void NothingGiven_IsAnEmptyValidReport()
    {
        byte[] document = Write(new TestReport());

        Assert.Empty(JUnitSchema.Errors(JUnitSchema.Published(), document));
        Assert.Equal("testsuites", Root(document).Name.LocalName);
        Assert.Empty(Root(document).Elements());
    }

    [Fact]
    public void Output_IsUtf8WithoutByteOrderMark()
    {
        var report = new TestReport();
        report.AddRun(new ReportRun("u1", "t1", "failed") { Remark = "Überweisung fehlgeschlagen ✗" });

        byte[] document = Write(report);

        Assert.Equal((byte)'<', document[0]);
        Assert.Contains("Überweisung fehlgeschlagen ✗", System.Text.Encoding.UTF8.GetString(document), StringComparison.Ordinal);
    }

    [SchemaFact]
    public void AFlakyCase_PassesInItsLastAttemptsSuite_UnderItsUsualName_AndTheSuiteSaysItWasFlaky()
    {
        byte[] document = Write(ReportSamples.Retried());

        Assert.Empty(JUnitSchema.Errors(JUnitSchema.Published(), document));
        var suites = Root(document).Elements("testsuite").ToList();
        // The earlier failed attempt is no testcase: the tab stays green for a case that passed.
        Assert.Equal(["Browse (android device 1 14)"], suites[0].Elements("testcase").Select(c => (string?)c.Attribute("name")));
        Assert.Equal(["1", "0"], new[] { "tests", "failures" }.Select(a => (string?)suites[0].Attribute(a)));
        Assert.Empty(suites[0].Descendants("failure"));
        var flaky = Assert.Single(suites[1].Elements("testcase"));
        Assert.Equal("Add to cart (android device 1 14)", (string?)flaky.Attribute("name"));
        Assert.Equal("flow_add_to_cart", (string?)flaky.Attribute("classname"));
        Assert.Empty(flaky.Elements());

        // The trigger's own counts stay; what differs is counted beside them.
        Assert.Equal(
            ["trigger_id=ta", "status=partially_passed", "total=2", "passed=1", "failed=1", "in_process=0", "retried_later=1"],
            suites[0].Element("properties")!.Elements("property").Select(p => $"{p.Attribute("name")!.Value}={p.Attribute("value")!.Value}"));
        Assert.Contains(suites[1].Element("properties")!.Elements("property"), p => (string?)p.Attribute("name") == "flaky" && (string?)p.Attribute("value") == "1");

        Assert.Equal(
            "Retried later, reported with its last attempt: Add to cart (android device 1 14): failed on attempt 1 of 2 (run ra2, trigger ta); last: passed on attempt 2 of 2 (run rb1, trigger tb)\n",
            (string?)suites[0].Element("system-out"));
        Assert.Equal(
            "Flaky, passed on a retry: flow_add_to_cart / Add to cart (android device 1 14): passed on attempt 2 of 2 (run rb1, trigger tb); before: attempt 1 failed (run ra2, trigger ta): Timed out waiting for the cart\n",
            (string?)suites[1].Element("system-out"));
    }

    [Fact]
    public void ACaseThatFailedEveryAttempt_IsOneFailure_ThatNamesTheEarlierAttempts()
    {
        var report = new TestReport();
        report.AddTrigger("ta", "failed", [ReportSamples.Attempt("ra1", "ta", "failed", "Pay", "Card declined")]);
        report.AddTrigger("tb", "failed", [ReportSamples.Attempt("rb1", "tb", "timed_out", "Pay", "Too slow", createdOffset: 120)]);

        var suites = Root(Write(report)).Elements("testsuite").ToList();

        Assert.Empty(suites[0].Elements("testcase"));
        var failure = suites[1].Element("testcase")!.Element("failure")!;
        Assert.Equal("timed_out", (string?)failure.Attribute("type"));
        Assert.Equal("Too slow", (string?)failure.Attribute("message"));
        Assert.Equal("Run rb1: timed_out.\nToo slow\nThis was attempt 2 of 2 (run rb1, trigger tb); before: attempt 1 failed (run ra1, trigger ta): Card declined", failure.Value);
        Assert.StartsWith("Retried: flow_pay / Pay (android device 1 14): timed_out on attempt 2 of 2", (string?)suites[1].Element("system-out"), StringComparison.Ordinal);
        Assert.DoesNotContain(suites[1].Element("properties")!.Elements("property"), p => (string?)p.Attribute("name") == "flaky");
    }

    [Fact]
    public void AReportWithoutRetries_HasEmptyOutputs_AndNoRetryProperties()
    {
        var suites = Root(Write(ReportSamples.Finished())).Elements("testsuite").ToList();

        Assert.All(suites, suite => Assert.Equal("", (string?)suite.Element("system-out")));
        Assert.All(suites, suite => Assert.Equal(6, suite.Element("properties")!.Elements().Count()));
    }
}

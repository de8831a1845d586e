using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;
using PantoQa.Client.Models;
using PantoQa.Client.Timing;

namespace PantoQa.Client.Reports;

/// <summary>
/// Writes a report as JUnit XML in the Apache Ant form that Windy Road's JUnit.xsd describes:
/// a <c>testsuites</c> root, one <c>testsuite</c> per trigger, one <c>testcase</c> per run.
/// Streams through one <see cref="XmlWriter"/>; nothing is built in memory first.
/// </summary>
public sealed class JUnitReportWriter
{
    /// <summary>The <c>package</c> of every test suite, so CI tabs group Panto runs together.</summary>
    public const string Package = "PantoQa";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>The <c>hostname</c> attribute; the schema wants "localhost" when it is unknown.</summary>
    public string HostName { get; set; } = DefaultHostName();

    /// <summary>The timestamp of a suite none of whose runs has started.</summary>
    public DateTime ReportTime { get; set; } = Clock.System.GetUtcNow().UtcDateTime;

    /// <summary>Writes the whole report to <paramref name="output"/> as UTF-8 without a BOM, and leaves the stream open.</summary>
    public void Write(TestReport report, Stream output)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            // Entitizing keeps a remark's line breaks and tabs exactly, in attributes too.
            NewLineHandling = NewLineHandling.Entitize,
            CloseOutput = false,
        };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        var retries = report.Retries;
        int index = 0;
        foreach (var trigger in report.Triggers)
        {
            WriteSuite(xml, trigger, retries, index++);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

#if NET
    // Runs once per run of a report, usually in the only report the process writes: optimized at once, not after warming up.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private void WriteSuite(XmlWriter xml, ReportTrigger trigger, ReportRetries retries, int index)
    {
        var cases = retries.CasesOf(trigger);
        DateTime? firstStart = null;
        DateTime? lastEnd = null;
        foreach (var run in cases.Runs)
        {
            if (run.Start is DateTime start && (firstStart is null || start < firstStart))
            {
                firstStart = start;
            }

            if (run.End is DateTime end && (lastEnd is null || end > lastEnd))
            {
                lastEnd = end;
            }
        }

        double span = firstStart is DateTime from && lastEnd is DateTime to && to > from ? (to - from).TotalSeconds : 0;
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", SuiteName(trigger.TriggerId));
        xml.WriteAttributeString("timestamp", Utc(firstStart ?? ReportTime).ToString(TimestampFormat, CultureInfo.InvariantCulture));
        xml.WriteAttributeString("hostname", HostName);
        xml.WriteAttributeString("tests", ReportText.Number(cases.Runs.Count));
        xml.WriteAttributeString("failures", ReportText.Number(cases.Failed));
        xml.WriteAttributeString("errors", "0");
        // Written only when there is something to count: the 2011 revision of JUnit.xsd, which
        // some validators still use, knows no skipped attribute, and 0 is every reader's default.
        if (cases.InProcess > 0)
        {
            xml.WriteAttributeString("skipped", ReportText.Number(cases.InProcess));
        }

        xml.WriteAttributeString("time", ReportText.Seconds(span));
        xml.WriteAttributeString("id", ReportText.Number(index));
        xml.WriteAttributeString("package", Package);

        xml.WriteStartElement("properties");
        WriteProperty(xml, "trigger_id", trigger.TriggerId);
        WriteProperty(xml, "status", trigger.Status);
        WriteProperty(xml, "total", ReportText.Number(trigger.Runs.Count));
        WriteProperty(xml, "passed", ReportText.Number(trigger.Passed));
        WriteProperty(xml, "failed", ReportText.Number(trigger.Failed));
        WriteProperty(xml, "in_process", ReportText.Number(trigger.InProcess));
        // The trigger's own counts stay above; these say why the testcases differ from them.
        if (cases.Flaky > 0)
        {
            WriteProperty(xml, "flaky", ReportText.Number(cases.Flaky));
        }

        if (cases.RetriedLater > 0)
        {
            WriteProperty(xml, "retried_later", ReportText.Number(cases.RetriedLater));
        }

        xml.WriteEndElement();

        string? finalStatus = RunStatus.IsFinal(trigger.Status) ? trigger.Status : null;
        var names = JUnitCaseNames.For(cases.Runs);
        for (int i = 0; i < names.Length; i++)
        {
            WriteCase(xml, cases.Runs[i], names[i], finalStatus, retries.Of(cases.Runs[i]));
        }

        xml.WriteElementString("system-out", retries.Flows.Count == 0 ? "" : ReportText.XmlSafe(RetryNotes(trigger, retries, names, cases)));
        xml.WriteElementString("system-err", "");
        xml.WriteEndElement();
    }

    /// <summary>
    /// The suite's system-out: a line for each of its cases that ran more than once (the schema
    /// gives a testcase no output of its own, and its name stays as it would be without a
    /// retry, so tabs follow its history), and one for each of its runs retried in a later
    /// trigger, which is not a testcase here.
    /// </summary>
    private static string RetryNotes(ReportTrigger trigger, ReportRetries retries, (string ClassName, string Name)[] names, ReportCases cases)
    {
        var text = new StringBuilder();
        for (int i = 0; i < cases.Runs.Count; i++)
        {
            var run = cases.Runs[i];
            if (retries.Of(run) is not { } attempts)
            {
                continue;
            }

            string label = attempts.IsFlaky ? "Flaky, passed on a retry" : "Retried";
            text.Append(label).Append(": ").Append(names[i].ClassName).Append(" / ").Append(names[i].Name)
                .Append(": ").Append(run.Status).Append(" on ").Append(attempts.Of(run, AsIs))
                .Append("; before: ").Append(attempts.Earlier(AsIs, AsIs)).Append('\n');
        }

        foreach (var run in trigger.Runs)
        {
            if (retries.IsRetriedLater(run))
            {
                var attempts = retries.Of(run)!;
                text.Append("Retried later, reported with its last attempt: ").Append(run.DisplayName).Append(": ")
                    .Append(run.Status).Append(" on ").Append(attempts.Of(run, AsIs)).Append("; last: ")
                    .Append(attempts.Last.Status).Append(" on ").Append(attempts.Of(attempts.Last, AsIs)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <param name="finalStatus">The trigger's status when it is final, else null.</param>
    /// <param name="attempts">The flow's attempts when it ran more than once, else null.</param>
#if NET
    // Runs once per run of a report, usually in the only report the process writes: optimized at once, not after warming up.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private static void WriteCase(XmlWriter xml, ReportRun run, (string ClassName, string Name) names, string? finalStatus, ReportAttempts? attempts)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", names.Name);
        xml.WriteAttributeString("classname", names.ClassName);
        xml.WriteAttributeString("time", ReportText.Seconds(run.Seconds));
        string status = run.Status;
        if (run.Outcome == RunOutcome.Failed)
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", ReportText.XmlSafe(run.Remark ?? "The run ended with runner_status " + status + "."));
            xml.WriteAttributeString("type", ReportText.XmlSafe(status));
            string text = FailureText(run, status);
            if (attempts is not null)
            {
                text += "\nThis was " + attempts.Of(run, AsIs) + "; before: " + attempts.Earlier(AsIs, AsIs);
            }

            xml.WriteString(ReportText.XmlSafe(text));
            xml.WriteEndElement();
        }
        else if (run.Outcome == RunOutcome.InProcess)
        {
            // A trigger whose status is final has no run left running (the service says in_process
            // while any run is), so "still in process" would mislead there.
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", ReportText.XmlSafe(finalStatus is null
                ? "Still in process (runner_status " + status + ") when the report was written; it has no result yet."
                : "No result: runner_status " + status + " counts as still running, though the trigger's status " + finalStatus + " is final."));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string AsIs(string text) => text;

    // The run id leads the reader from the CI tab back to the run: Get-PantoTestRun <id>.
    private static string FailureText(ReportRun run, string status) =>
        run.Remark is null
            ? "Run " + run.Id + ": " + status + "."
            : "Run " + run.Id + ": " + status + ".\n" + run.Remark;

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", ReportText.XmlSafe(value));
        xml.WriteEndElement();
    }

    internal static string SuiteName(string triggerId) =>
        triggerId.Length == 0 ? "Panto QA runs without a trigger" : ReportText.XmlSafe("Panto QA trigger " + triggerId);

    private static DateTime Utc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;

    private static string DefaultHostName()
    {
        string name = Environment.MachineName;
        return string.IsNullOrWhiteSpace(name) ? "localhost" : name;
    }
}

// The floor for a JUnit report: one XmlWriter, with the module's settings, writing the same
// document as Export-PantoTestReport from the same TestRun objects of one trigger result: the
// same testcase names (a run id added where two runs would share one), classnames, times,
// failures and skipped elements, properties and outputs. No input checks, no copies of the
// runs, no text rules for characters XML forbids: what is left is the cost of the XML itself.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;
using PantoQa.Client.Models;

namespace PantoQa.Bench
{
    public static class ReportFloor
    {
        public static void Write(TriggerResult result, string path)
        {
            var runs = result.test_runs;
            var names = new string[runs.Length];
            var count = new Dictionary<string, int>(StringComparer.Ordinal);
            DateTime? first = null;
            DateTime? last = null;
            for (int i = 0; i < runs.Length; i++)
            {
                var run = runs[i];
                string devices = Devices(run.target_device_list);
                string name = string.IsNullOrWhiteSpace(run.test_run_name) ? run.id : run.test_run_name;
                names[i] = devices.Length == 0 ? name : name + " (" + devices + ")";
                string key = (run.test_flow_id ?? run.test_suite_id ?? "PantoQa") + "\n" + names[i];
                count[key] = count.TryGetValue(key, out int n) ? n + 1 : 1;
                if (run.runner_start_timestamp is DateTime start && (first is null || start < first)) first = start;
                if (run.runner_end_timestamp is DateTime end && (last is null || end > last)) last = end;
            }

            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(false),
                Indent = true,
                NewLineHandling = NewLineHandling.Entitize,
            };
            using (var xml = XmlWriter.Create(path, settings))
            {
                xml.WriteStartDocument();
                xml.WriteStartElement("testsuites");
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", "Panto QA trigger " + result.trigger_id);
                xml.WriteAttributeString("timestamp", (first ?? DateTime.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                xml.WriteAttributeString("hostname", Environment.MachineName);
                xml.WriteAttributeString("tests", Number(result.total));
                xml.WriteAttributeString("failures", Number(result.failed));
                xml.WriteAttributeString("errors", "0");
                if (result.in_process > 0) xml.WriteAttributeString("skipped", Number(result.in_process));
                double span = first is DateTime from && last is DateTime to && to > from ? (to - from).TotalSeconds : 0;
                xml.WriteAttributeString("time", Seconds(span));
                xml.WriteAttributeString("id", "0");
                xml.WriteAttributeString("package", "PantoQa");
                xml.WriteStartElement("properties");
                Property(xml, "trigger_id", result.trigger_id);
                Property(xml, "status", result.status ?? "");
                Property(xml, "total", Number(result.total));
                Property(xml, "passed", Number(result.passed));
                Property(xml, "failed", Number(result.failed));
                Property(xml, "in_process", Number(result.in_process));
                xml.WriteEndElement();
                for (int i = 0; i < runs.Length; i++)
                {
                    var run = runs[i];
                    string classname = run.test_flow_id ?? run.test_suite_id ?? "PantoQa";
                    string name = count[classname + "\n" + names[i]] > 1 ? names[i] + " [" + run.id + "]" : names[i];
                    double seconds = run.runner_start_timestamp is DateTime s && run.runner_end_timestamp is DateTime e && e > s ? (e - s).TotalSeconds : 0;
                    string status = run.runner_status ?? "unknown";
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("name", name);
                    xml.WriteAttributeString("classname", classname);
                    xml.WriteAttributeString("time", Seconds(seconds));
                    var outcome = RunStatus.Classify(run.runner_status);
                    if (outcome == RunOutcome.Failed)
                    {
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("message", run.remark ?? "The run ended with runner_status " + status + ".");
                        xml.WriteAttributeString("type", status);
                        xml.WriteString(run.remark is null ? "Run " + run.id + ": " + status + "." : "Run " + run.id + ": " + status + ".\n" + run.remark);
                        xml.WriteEndElement();
                    }
                    else if (outcome == RunOutcome.InProcess)
                    {
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", "Still in process (runner_status " + status + ") when the report was written; it has no result yet.");
                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();
                }

                xml.WriteElementString("system-out", "");
                xml.WriteElementString("system-err", "");
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndDocument();
            }
        }

        private static string Devices(TargetDevice[] devices)
        {
            if (devices == null || devices.Length == 0) return "";
            if (devices.Length == 1) return devices[0].ToString().Trim();
            var text = new StringBuilder();
            foreach (var device in devices)
            {
                if (text.Length > 0) text.Append(", ");
                text.Append(device.ToString().Trim());
            }

            return text.ToString();
        }

        private static void Property(XmlWriter xml, string name, string value)
        {
            xml.WriteStartElement("property");
            xml.WriteAttributeString("name", name);
            xml.WriteAttributeString("value", value);
            xml.WriteEndElement();
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Seconds(double seconds) => Math.Round(seconds, 3).ToString("0.###", CultureInfo.InvariantCulture);
    }
}

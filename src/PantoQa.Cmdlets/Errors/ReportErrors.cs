using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PantoQa.Client.Reports;

namespace PantoQa.Cmdlets.Errors;

/// <summary>The errors of Export-PantoTestReport, which calls no API.</summary>
internal static class ReportErrors
{
    internal static ErrorRecord DirectoryNotFound(string path, string directory) =>
        ErrorRecords.Record(new DirectoryNotFoundException($"Directory '{directory}' does not exist."),
            "ReportDirectoryNotFound", ErrorCategory.ObjectNotFound, path,
            $"Cannot write the report to '{path}': the directory '{directory}' does not exist. Create it first, for example with New-Item -ItemType Directory -Force.");

    internal static ErrorRecord NotAFileSystemPath(string path) =>
        ErrorRecords.Record(new ArgumentException($"'{path}' is not a file system path."),
            "ReportPathNotFileSystem", ErrorCategory.InvalidArgument, path,
            $"Cannot write the report to '{path}': it is not a file system path. Give a file path, relative to the current location or absolute.");

    internal static ErrorRecord PathIsDirectory(string path) =>
        ErrorRecords.Record(new IOException($"'{path}' is a directory."),
            "ReportPathIsDirectory", ErrorCategory.InvalidArgument, path,
            $"Cannot write the report to '{path}': it is a directory. Give a file name in it, for example (Join-Path '{path}' panto-junit.xml).");

    internal static ErrorRecord AppendNeedsMarkdown(string path) =>
        ErrorRecords.Record(new ArgumentException("-Append works with a Markdown report only."),
            "AppendNeedsMarkdown", ErrorCategory.InvalidArgument, path,
            "-Append works with a Markdown report only (-MarkdownPath, or -Format Markdown): a JUnit document has one root, so a second one cannot be appended. Write each JUnit report to a file of its own.");

    internal static ErrorRecord NoReportPath() =>
        ErrorRecords.Record(new ArgumentException("No report file was named."),
            "ReportPathMissing", ErrorCategory.InvalidArgument, null,
            "Name the report file: -JUnitPath for the test tab, -MarkdownPath for the job summary, or both.");

    internal static ErrorRecord SamePathTwice(string path) =>
        ErrorRecords.Record(new ArgumentException($"'{path}' was named for both reports."),
            "ReportPathTwice", ErrorCategory.InvalidArgument, path,
            $"-JUnitPath and -MarkdownPath both name '{path}', so one report would overwrite the other. Give each report a file of its own.");

    internal static ErrorRecord GateFailed(ReportVerdict verdict, object target, IReadOnlyList<string> written) =>
        ErrorRecords.Record(new InvalidOperationException("The reported results did not all pass."),
            verdict.RedTriggers.Count == 0 ? "NoResultsReported" : "TriggerFailed",
            ErrorCategory.InvalidResult, target,
            $"{verdict.Message}{Environment.NewLine}The report was written to {string.Join(" and ", written.Select(p => $"'{p}'"))}.");

    internal static ErrorRecord SummaryFull(string path, long existingBytes) =>
        ErrorRecords.Record(new IOException($"'{path}' already holds {existingBytes} bytes."),
            "ReportSummaryFull", ErrorCategory.LimitsExceeded, path,
            $"Cannot append the report to '{path}': it already holds {existingBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, too many to add a report and stay under 1 MiB, and GitHub drops a step summary over 1 MiB whole. The file was left as it is. Export the report in a step of its own, which has a summary of its own, or write it to a file without -Append.");

    internal static ErrorRecord WriteFailed(string path, Exception problem) =>
        ErrorRecords.Record(problem, "ReportWriteFailed", ErrorCategory.WriteError, path,
            $"Cannot write the report to '{path}': {problem.Message}");

    internal static ErrorRecord InputNotRecognized(object item) =>
        ErrorRecords.Record(new ArgumentException("Not a trigger result or a test run."),
            "ReportInputNotRecognized", ErrorCategory.InvalidType, item,
            $"Export-PantoTestReport skipped an object of type '{TypeName(item)}': it takes PantoQa.TriggerResult and PantoQa.TestRun objects, live or deserialized. Pipe the output of Wait-PantoTrigger, Get-PantoTriggerRuns or Get-PantoTestRun.");

    internal static ErrorRecord TriggerStartGiven(object item, string? triggerId) =>
        ErrorRecords.Record(new ArgumentException("A trigger start holds no results."),
            "ReportInputNotRecognized", ErrorCategory.InvalidType, item,
            $"Export-PantoTestReport skipped the start of trigger '{triggerId ?? "(unknown)"}': a PantoQa.TriggerStart lists the runs a trigger started, not how they ended. Pass -Wait to Start-PantoTestFlow or Start-PantoTestSuite, or pipe the start through Wait-PantoTrigger, and report what that writes.");

    internal static ErrorRecord RunWithoutName(object item) =>
        ErrorRecords.Record(new ArgumentException("A run has neither an id nor a test_run_name."),
            "ReportInputNotRecognized", ErrorCategory.InvalidType, item,
            $"Export-PantoTestReport skipped an object of type '{TypeName(item)}': it is or holds a run with neither an id nor a test_run_name, which nothing in the report could name. Report runs as Get-PantoTestRun, Get-PantoTriggerRuns and Wait-PantoTrigger write them.");

    internal static ErrorRecord RunsAsText(object item) =>
        ErrorRecords.Record(new ArgumentException("The trigger result's runs are text, not runs."),
            "ReportInputNotRecognized", ErrorCategory.InvalidType, item,
            $"Export-PantoTestReport skipped an object of type '{TypeName(item)}': its test_runs hold only each run's id, as happens when a result is serialized one level deep (Receive-Job, remoting, Export-Clixml -Depth 1). Run Export-PantoTestReport where the results were fetched, or save them with Export-Clixml at its default depth.");

    private static string TypeName(object item)
    {
        var names = PSObject.AsPSObject(item).TypeNames;
        return names.Count > 0 ? names[0] : item.GetType().FullName ?? "unknown";
    }
}

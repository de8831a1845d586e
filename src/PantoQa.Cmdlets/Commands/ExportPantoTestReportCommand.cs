using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Microsoft.PowerShell.Commands;
using PantoQa.Client.Reports;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>
/// Writes trigger results and test runs as a JUnit XML report for a CI test tab, a Markdown
/// summary for a job page, or both. Calls no API: it reports what it is given. With
/// -ErrorOnFailure it is the CI gate too: every report is written first, then a red result
/// fails the step, so the reports that say why are never lost.
/// </summary>
[Cmdlet(VerbsData.Export, "PantoTestReport", DefaultParameterSetName = OneFile)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPantoTestReportCommand : PSCmdlet
{
    private const string JUnit = "JUnit";
    private const string Markdown = "Markdown";
    private const string OneFile = "Path";
    private const string Files = "Files";

    // Typed as a class of this assembly: a client type in a field or parameter would be
    // resolved when PowerShell inspects the cmdlet, before the module's resolver is hooked.
    private ReportInput? _input;
    private readonly List<ReportFile> _files = new List<ReportFile>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = OneFile)]
    public string Path { get; set; } = null!;

    [Parameter(ParameterSetName = Files)]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    [Parameter(ParameterSetName = Files)]
    [ValidateNotNullOrEmpty]
    public string? MarkdownPath { get; set; }

    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public PSObject[]? InputObject { get; set; }

    [Parameter(ParameterSetName = OneFile)]
    [ValidateSet(JUnit, Markdown, IgnoreCase = true)]
    public string Format { get; set; } = JUnit;

    [Parameter]
    public SwitchParameter Append { get; set; }

    [Parameter]
    public SwitchParameter IncludePassed { get; set; }

    [Parameter]
    public SwitchParameter ErrorOnFailure { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        // Everything that can be known wrong is checked before any input is read, so a bad
        // path fails at once and writes nothing.
        if (ParameterSetName == OneFile)
        {
            _files.Add(new ReportFile(Path, string.Equals(Format, Markdown, StringComparison.OrdinalIgnoreCase)));
        }
        else
        {
            if (JUnitPath is null && MarkdownPath is null)
            {
                ThrowTerminatingError(ReportErrors.NoReportPath());
            }

            if (JUnitPath is not null)
            {
                _files.Add(new ReportFile(JUnitPath, markdown: false));
            }

            if (MarkdownPath is not null)
            {
                _files.Add(new ReportFile(MarkdownPath, markdown: true));
            }
        }

        if (Append && !_files.Exists(f => f.IsMarkdown))
        {
            ThrowTerminatingError(ReportErrors.AppendNeedsMarkdown(_files[0].Given));
        }

        foreach (var file in _files)
        {
            file.FullPath = CheckedPath(file.Given);
        }

        if (_files.Count == 2 && string.Equals(_files[0].FullPath, _files[1].FullPath, StringComparison.OrdinalIgnoreCase))
        {
            ThrowTerminatingError(ReportErrors.SamePathTwice(_files[1].Given));
        }

        _input = new ReportInput();
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        foreach (var item in InputObject)
        {
            if (item is not null && _input!.Add(item) is ErrorRecord refused)
            {
                WriteError(refused);
            }
        }
    }

    protected override void EndProcessing()
    {
        var report = _input!.Report;
        var failures = new List<ErrorRecord>();
        foreach (var file in _files)
        {
            if (Write(report, file) is ErrorRecord failure)
            {
                failures.Add(failure);
                continue;
            }

            WriteVerbose($"Wrote a {(file.IsMarkdown ? Markdown : JUnit)} report of {report.RunCount} runs in {report.Triggers.Count} triggers to '{file.FullPath}'.");
            if (PassThru)
            {
                WriteObject(new FileInfo(file.FullPath));
            }
        }

        var verdict = ErrorOnFailure ? ReportGate.Judge(report, _input.Refused) : null;
        bool red = verdict is { Passed: false };
        if (red)
        {
            GateExitCode.MarkFailed(this);
        }
        else if (verdict is { Flaky: > 0 })
        {
            WriteWarning($"Passed only thanks to retries: {verdict.Flaky} flow run(s) failed before passing on a retry; the reports mark them flaky.");
        }

        // A failed write and a red gate are both reported; the terminating one comes last, once
        // every report that could be written has been.
        for (int i = 0; i < failures.Count; i++)
        {
            if (i == failures.Count - 1 && !red)
            {
                ThrowTerminatingError(failures[i]);
            }

            WriteError(failures[i]);
        }

        if (verdict is { Passed: false } redVerdict)
        {
            ThrowTerminatingError(ReportErrors.GateFailed(redVerdict, Targets(redVerdict), _files.ConvertAll(f => f.Given)));
        }
    }

    private object Targets(ReportVerdict verdict)
    {
        var targets = verdict.RedTriggers.Select(t => _input!.TargetOf(t.TriggerId)).ToArray();
        return targets.Length == 1 ? targets[0] : targets;
    }

    // Null when the report was written; else why not, with the file left as it was or partly written.
    private ErrorRecord? Write(TestReport report, ReportFile file)
    {
        try
        {
            // An appended report reads what is there, for its length and its last line break.
            bool append = Append && file.IsMarkdown;
            using var stream = append
                ? new FileStream(file.FullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read)
                : new FileStream(file.FullPath, FileMode.Create, FileAccess.Write, FileShare.Read);
            if (file.IsMarkdown)
            {
                return WriteMarkdown(report, stream, file.Given);
            }

            new JUnitReportWriter().Write(report, stream);
            return null;
        }
        catch (Exception problem) when (problem is IOException || problem is UnauthorizedAccessException)
        {
            return ReportErrors.WriteFailed(file.Given, problem);
        }
    }

    /// <summary>
    /// Writes the Markdown after what <paramref name="stream"/> holds, if anything, with a blank
    /// line between. GitHub drops a step summary over 1 MiB whole, so what is there counts
    /// against the report's budget, and a file too full for any report is left as it is.
    /// </summary>
    private ErrorRecord? WriteMarkdown(TestReport report, FileStream stream, string given)
    {
        long existing = stream.Length;
        byte[] separator = SeparatorAfter(stream);
        long room = MarkdownReportWriter.DefaultMaxBytes - existing - separator.Length;
        if (room < MarkdownReportWriter.MinimumBytes)
        {
            return ReportErrors.SummaryFull(given, existing);
        }

        stream.Seek(0, SeekOrigin.End);
        stream.Write(separator, 0, separator.Length);
        using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        new MarkdownReportWriter { IncludePassed = IncludePassed, MaxBytes = (int)room }.Write(report, text);
        return null;
    }

    // The line breaks that make the file end in a blank line, so the report starts a block of its own.
    private static byte[] SeparatorAfter(FileStream stream)
    {
        if (stream.Length == 0)
        {
            return Array.Empty<byte>();
        }

        var tail = new byte[(int)Math.Min(3, stream.Length)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        int read = 0;
        for (int n; read < tail.Length && (n = stream.Read(tail, read, tail.Length - read)) > 0;)
        {
            read += n;
        }

        int last = read - 1;
        if (last < 0 || tail[last] != (byte)'\n')
        {
            return new[] { (byte)'\n', (byte)'\n' };
        }

        // "\n\n" or "\n\r\n": the file already ends in a blank line.
        bool blank = (last >= 1 && tail[last - 1] == (byte)'\n')
            || (last >= 2 && tail[last - 1] == (byte)'\r' && tail[last - 2] == (byte)'\n');
        return blank ? Array.Empty<byte>() : new[] { (byte)'\n' };
    }

    // Relative to PowerShell's current location, not the process's working directory. An
    // unknown drive throws PowerShell's own DriveNotFound record, which says all there is.
    private string CheckedPath(string path)
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            ThrowTerminatingError(ReportErrors.NotAFileSystemPath(path));
        }

        if (Directory.Exists(full))
        {
            ThrowTerminatingError(ReportErrors.PathIsDirectory(path));
        }

        string? directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            ThrowTerminatingError(ReportErrors.DirectoryNotFound(path, directory!));
        }

        return full;
    }

    private sealed class ReportFile
    {
        internal ReportFile(string given, bool markdown)
        {
            Given = given;
            IsMarkdown = markdown;
        }

        internal string Given { get; }

        internal bool IsMarkdown { get; }

        internal string FullPath { get; set; } = "";
    }
}

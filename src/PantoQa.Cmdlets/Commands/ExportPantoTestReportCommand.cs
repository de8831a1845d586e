using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using Microsoft.PowerShell.Commands;
using PantoQa.Client.Reports;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;

namespace PantoQa.Cmdlets;

/// <summary>
/// Writes trigger results and test runs as a JUnit XML report for a CI test tab, or as a
/// Markdown summary for a job page. Calls no API: it reports what it is given.
/// </summary>
[Cmdlet(VerbsData.Export, "PantoTestReport")]
[OutputType(typeof(FileInfo))]
public sealed class ExportPantoTestReportCommand : PSCmdlet
{
    private const string JUnit = "JUnit";
    private const string Markdown = "Markdown";

    // Typed as a class of this assembly: a client type in a field or parameter would be
    // resolved when PowerShell inspects the cmdlet, before the module's resolver is hooked.
    private ReportInput? _input;
    private string _fullPath = "";

    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = null!;

    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public PSObject[]? InputObject { get; set; }

    [Parameter]
    [ValidateSet(JUnit, Markdown, IgnoreCase = true)]
    public string Format { get; set; } = JUnit;

    [Parameter]
    public SwitchParameter Append { get; set; }

    [Parameter]
    public SwitchParameter IncludePassed { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private bool IsMarkdown => string.Equals(Format, Markdown, StringComparison.OrdinalIgnoreCase);

    protected override void BeginProcessing()
    {
        // Everything that can be known wrong is checked before any input is read, so a bad
        // path fails at once and writes nothing.
        if (Append && !IsMarkdown)
        {
            ThrowTerminatingError(ReportErrors.AppendNeedsMarkdown(Path));
        }

        _fullPath = ResolvePath();
        if (Directory.Exists(_fullPath))
        {
            ThrowTerminatingError(ReportErrors.PathIsDirectory(Path));
        }

        string? directory = System.IO.Path.GetDirectoryName(_fullPath);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            ThrowTerminatingError(ReportErrors.DirectoryNotFound(Path, directory!));
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
        try
        {
            // An appended report reads what is there, for its length and its last line break.
            using var stream = Append
                ? new FileStream(_fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read)
                : new FileStream(_fullPath, FileMode.Create, FileAccess.Write, FileShare.Read);
            if (IsMarkdown)
            {
                WriteMarkdown(report, stream);
            }
            else
            {
                new JUnitReportWriter().Write(report, stream);
            }
        }
        catch (Exception problem) when (problem is IOException || problem is UnauthorizedAccessException)
        {
            ThrowTerminatingError(ReportErrors.WriteFailed(Path, problem));
        }

        WriteVerbose($"Wrote a {(IsMarkdown ? Markdown : JUnit)} report of {report.RunCount} runs in {report.Triggers.Count} triggers to '{_fullPath}'.");
        if (PassThru)
        {
            WriteObject(new FileInfo(_fullPath));
        }
    }

    /// <summary>
    /// Writes the Markdown after what <paramref name="stream"/> holds, if anything, with a blank
    /// line between. GitHub drops a step summary over 1 MiB whole, so what is there counts
    /// against the report's budget, and a file too full for any report is left as it is.
    /// </summary>
    private void WriteMarkdown(TestReport report, FileStream stream)
    {
        long existing = stream.Length;
        byte[] separator = SeparatorAfter(stream);
        long room = MarkdownReportWriter.DefaultMaxBytes - existing - separator.Length;
        if (room < MarkdownReportWriter.MinimumBytes)
        {
            ThrowTerminatingError(ReportErrors.SummaryFull(Path, existing));
        }

        stream.Seek(0, SeekOrigin.End);
        stream.Write(separator, 0, separator.Length);
        using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        new MarkdownReportWriter { IncludePassed = IncludePassed, MaxBytes = (int)room }.Write(report, text);
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
    private string ResolvePath()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out ProviderInfo provider, out _);
        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            ThrowTerminatingError(ReportErrors.NotAFileSystemPath(Path));
        }

        return full;
    }
}

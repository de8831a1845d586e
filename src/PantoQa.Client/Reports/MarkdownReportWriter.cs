using System;
using System.Globalization;
using System.IO;
using System.Text;
using PantoQa.Client.Models;

namespace PantoQa.Client.Reports;

/// <summary>
/// Writes a report as GitHub-flavoured Markdown for a CI job summary: the flows that passed only
/// on a retry, then per trigger a heading with its status, the counts, and a table of the runs
/// that did not pass.
/// </summary>
public sealed class MarkdownReportWriter
{
    /// <summary>GitHub takes at most 1 MiB of step summary per step; one write stays below it.</summary>
    public const int DefaultMaxBytes = 1024 * 1024 - 1024;

    internal const string PassedMark = "\u2705";
    internal const string FailedMark = "\u274C";
    internal const string InProcessMark = "\u23F3";
    internal const string UnknownMark = "\u2754";
    internal const string RetriedMark = "\U0001F501";

    /// <summary>The heading of the section that lists the flows that passed only on a retry.</summary>
    internal const string FlakyHeading = "### " + RetriedMark + " Flaky (passed on retry)";

    private const string TableHeader = "| Run | Devices | Status | Remark |";
    private const string TableRule = "|---|---|---|---|";
    private const string FlakyHeader = "| Flow | Devices | Passed on | Failed before |";

    // Room kept for the line that says what was cut, so it always fits.
    private const int CutLineReserve = 512;

    /// <summary>Lists passed runs in the tables too, not only as a count.</summary>
    public bool IncludePassed { get; set; }

    /// <summary>The smallest <see cref="MaxBytes"/>: room for the title and the line that says what was cut.</summary>
    public const int MinimumBytes = 2 * CutLineReserve;

    private int _maxBytes = DefaultMaxBytes;

    /// <summary>
    /// The most UTF-8 bytes one <see cref="Write"/> produces, at least <see cref="MinimumBytes"/>;
    /// tables are cut to fit.
    /// </summary>
    public int MaxBytes
    {
        get => _maxBytes;
        set => _maxBytes = value >= MinimumBytes
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A Markdown report needs at least " + MinimumBytes + " bytes.");
    }

    /// <summary>
    /// Writes the report to <paramref name="output"/> in at most <see cref="MaxBytes"/> UTF-8 bytes;
    /// what does not fit is counted in a closing line.
    /// </summary>
    public void Write(TestReport report, TextWriter output)
    {
        var budget = new Budget(output, MaxBytes - CutLineReserve);
        budget.TryLine("## Panto QA test runs");
        budget.TryLine("");
        if (report.Triggers.Count == 0)
        {
            budget.TryLine("No test runs were given to the report.");
            return;
        }

        var retries = report.Retries;
        if (!WriteFlaky(retries, budget, out int flakyLeft))
        {
            WriteCut(report, retries, 0, flakyLeft, output);
            return;
        }

        for (int t = 0; t < report.Triggers.Count; t++)
        {
            if (!WriteTrigger(report.Triggers[t], retries, budget, out bool headed, out int rowsLeft))
            {
                WriteCut(report, retries, headed ? t + 1 : t, rowsLeft, output);
                return;
            }
        }
    }

    /// <summary>
    /// First, so a cut never hides it: the flows that passed only on a retry, each with the
    /// attempt that passed and those that failed before.
    /// </summary>
    /// <returns>False when the budget ran out, with <paramref name="rowsLeft"/> the rows that did not fit.</returns>
    private static bool WriteFlaky(ReportRetries retries, Budget budget, out int rowsLeft)
    {
        rowsLeft = 0;
        foreach (var flow in retries.Flows)
        {
            if (flow.IsFlaky)
            {
                rowsLeft++;
            }
        }

        if (rowsLeft == 0)
        {
            return true;
        }

        if (!budget.TryLine(FlakyHeading + "\n\n" + FlakyHeader + "\n" + TableRule))
        {
            return false;
        }

        foreach (var flow in retries.Flows)
        {
            if (!flow.IsFlaky)
            {
                continue;
            }

            var last = flow.Last;
            if (!budget.TryLine("| " + Cell(last.Title) + " | " + Cell(last.Devices ?? "") + " | " + flow.Of(last, Code) + " | " + flow.Earlier(Code, Cell) + " |"))
            {
                return false;
            }

            rowsLeft--;
        }

        return budget.TryLine("");
    }

    /// <returns>
    /// False when the budget ran out; <paramref name="headed"/> then says whether the heading
    /// made it, and <paramref name="rowsLeft"/> how many of this trigger's rows did not.
    /// </returns>
    private bool WriteTrigger(ReportTrigger trigger, ReportRetries retries, Budget budget, out bool headed, out int rowsLeft)
    {
        var cases = retries.CasesOf(trigger);
        int rows = Rows(trigger, cases);
        rowsLeft = 0;
        headed = false;
        // One write, so a cut never leaves a heading without its counts.
        if (!budget.TryLine(Heading(trigger) + "\n\n" + Counts(trigger, cases) + "\n"))
        {
            return false;
        }

        headed = true;
        rowsLeft = rows;
        if (rows == 0)
        {
            return true;
        }

        if (!budget.TryLine(TableHeader) || !budget.TryLine(TableRule))
        {
            return false;
        }

        foreach (var run in trigger.Runs)
        {
            var attempts = retries.Of(run);
            bool retriedLater = retries.IsRetriedLater(run);
            if (run.Outcome == RunOutcome.Passed && !IncludePassed && !retriedLater)
            {
                continue;
            }

            if (!budget.TryLine(Row(run, attempts, retriedLater)))
            {
                return false;
            }

            rowsLeft--;
        }

        return budget.TryLine("");
    }

    /// <param name="firstUnheaded">The first trigger whose heading was not written.</param>
    /// <param name="rowsLeft">Rows not written of the trigger whose heading was written last.</param>
    private void WriteCut(TestReport report, ReportRetries retries, int firstUnheaded, int rowsLeft, TextWriter output)
    {
        int triggersLeft = report.Triggers.Count - firstUnheaded;
        int rows = rowsLeft;
        for (int t = firstUnheaded; t < report.Triggers.Count; t++)
        {
            rows += Rows(report.Triggers[t], retries.CasesOf(report.Triggers[t]));
        }

        var line = new StringBuilder()
            .Append("\n_").Append(rows.ToString("N0", CultureInfo.InvariantCulture))
            .Append(rows == 1 ? " row" : " rows");
        if (triggersLeft > 0)
        {
            line.Append(" and ").Append(triggersLeft.ToString("N0", CultureInfo.InvariantCulture))
                .Append(triggersLeft == 1 ? " more trigger" : " more triggers");
        }

        line.Append(" left out to keep this summary under 1 MiB; the JUnit report lists every run._\n");
        output.Write(line.ToString());
    }

    // Runs retried later are listed whatever their outcome: they are not counted as cases.
    private int Rows(ReportTrigger trigger, ReportCases cases) => IncludePassed ? trigger.Runs.Count : trigger.Runs.Count - cases.Passed;

    /// <summary>The cases by outcome, a flaky one as passed, and the runs retried in a later trigger.</summary>
    private static string Counts(ReportTrigger trigger, ReportCases cases)
    {
        string counts = ReportText.Number(trigger.Runs.Count) + (trigger.Runs.Count == 1 ? " run: " : " runs: ")
            + PassedMark + " " + ReportText.Number(cases.Passed) + " passed"
            + (cases.Flaky > 0 ? " (" + ReportText.Number(cases.Flaky) + " flaky)" : "") + ", "
            + FailedMark + " " + ReportText.Number(cases.Failed) + " failed, "
            + InProcessMark + " " + ReportText.Number(cases.InProcess) + " in process";
        return cases.RetriedLater > 0
            ? counts + ", " + RetriedMark + " " + ReportText.Number(cases.RetriedLater) + " retried later"
            : counts;
    }

    /// <param name="attempts">The flow's attempts when it ran in more than one trigger, else null.</param>
    /// <param name="retriedLater">The run is an earlier attempt, not counted: it is marked as retried, not failed.</param>
    private static string Row(ReportRun run, ReportAttempts? attempts, bool retriedLater)
    {
        string status = (retriedLater ? RetriedMark : RunMark(run.Outcome)) + " " + Code(run.Status);
        if (attempts is not null)
        {
            status += retriedLater
                ? " (" + attempts.Of(run, Code) + "; retried, last " + Code(attempts.Last.Status) + " on " + attempts.Of(attempts.Last, Code) + ")"
                : " (" + (attempts.IsFlaky ? "flaky: " : "") + attempts.Of(run, Code) + ")";
        }

        return "| " + Cell(run.Title)
            + " | " + Cell(run.Devices ?? "")
            + " | " + status
            + " | " + Cell(run.Remark ?? "") + " |";
    }

    /// <summary>
    /// The mark follows the trigger's status, never its counts, by the module's rules: only
    /// in_process is still running, only passed passed, and a final status this version does
    /// not know is said to be one, since it is final and did not pass.
    /// </summary>
    private static string Heading(ReportTrigger trigger)
    {
        string id = trigger.TriggerId.Length == 0 ? "runs without a trigger" : Code(trigger.TriggerId);
        string status = trigger.Status;
        string shown = status.Length == 0 ? "(empty)" : Code(status);
        if (!RunStatus.IsFinal(status))
        {
            return "### " + InProcessMark + " " + id + ": " + shown;
        }

        if (RunStatus.IsPassed(status))
        {
            return "### " + PassedMark + " " + id + ": " + shown;
        }

        return RunStatus.IsKnownAggregate(status)
            ? "### " + FailedMark + " " + id + ": " + shown
            : "### " + UnknownMark + " " + id + ": " + shown + " (a status this version does not know: final, not passed)";
    }

    private static string RunMark(RunOutcome outcome) =>
        outcome == RunOutcome.Passed ? PassedMark : outcome == RunOutcome.Failed ? FailedMark : InProcessMark;

    /// <summary>
    /// An id or a status as a code span, so it reads exactly as the API spells it
    /// (partially_passed); anything with characters a code span cannot hold is escaped instead.
    /// </summary>
    internal static string Code(string text)
    {
        foreach (char c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':') || c > '\u007F')
            {
                return Cell(text);
            }
        }

        return text.Length == 0 ? "" : "`" + text + "`";
    }

    /// <summary>
    /// Text as one table cell: on one line (<see cref="ReportText.OneLine"/>) so the row stays one, and every
    /// character Markdown would read as markup is escaped, a pipe included, so the row keeps
    /// as many cells as its header and the text shows as it is.
    /// </summary>
    internal static string Cell(string text)
    {
        string safe = ReportText.OneLine(ReportText.XmlSafe(text));
        var cell = new StringBuilder(safe.Length + 8);
        for (int i = 0; i < safe.Length; i++)
        {
            char c = safe[i];
            switch (c)
            {
                case '\\':
                case '|':
                case '`':
                case '*':
                case '_':
                case '[':
                case ']':
                case '<':
                case '>':
                case '~':
                case '&':
                    cell.Append('\\').Append(c);
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        return cell.ToString();
    }

    /// <summary>Writes whole lines while they fit the byte budget.</summary>
    private sealed class Budget
    {
        private readonly TextWriter _output;
        private readonly int _limit;
        private long _used;

        internal Budget(TextWriter output, int limit)
        {
            _output = output;
            _limit = limit;
        }

        internal bool TryLine(string line)
        {
            int bytes = Encoding.UTF8.GetByteCount(line) + 1;
            if (_used + bytes > _limit)
            {
                return false;
            }

            _used += bytes;
            _output.Write(line);
            _output.Write('\n');
            return true;
        }
    }
}

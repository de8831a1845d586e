using System;
using System.Collections.Generic;

namespace PantoQa.Client.Reports;

/// <summary>What <see cref="ReportGate"/> found: green, or red with the triggers to blame and why.</summary>
public sealed class ReportVerdict
{
    private ReportVerdict(bool passed, IReadOnlyList<ReportTrigger> red, string message, int flaky)
    {
        Passed = passed;
        RedTriggers = red;
        Message = message;
        Flaky = flaky;
    }

    /// <summary>True when the gate is green.</summary>
    public bool Passed { get; }

    /// <summary>The triggers that did not pass; empty when the report is red for holding nothing.</summary>
    public IReadOnlyList<ReportTrigger> RedTriggers { get; }

    /// <summary>Why the gate is red, one line per trigger and failed run; empty when green.</summary>
    public string Message { get; }

    /// <summary>Flows that passed in their last attempt after failing before: a green gate with any is green only thanks to retries.</summary>
    public int Flaky { get; }

    internal static ReportVerdict Green(int flaky) => new ReportVerdict(true, Array.Empty<ReportTrigger>(), "", flaky);

    internal static ReportVerdict Red(IReadOnlyList<ReportTrigger> red, string message) => new ReportVerdict(false, red, message, 0);
}

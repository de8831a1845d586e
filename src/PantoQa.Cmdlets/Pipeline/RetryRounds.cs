using System;
using System.Linq;
using System.Management.Automation;
using PantoQa.Client.Models;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// -RetryFailed for a cmdlet that sends triggers: what each attempt came to, which flows to
/// restart next, and at the end the log, the summary and the gate. The gate is each flow's
/// last attempt: green only when every flow on every build and set of devices passed in it.
/// </summary>
internal sealed class RetryRounds
{
    private readonly PantoCmdlet _cmdlet;
    private readonly RetryLedger _ledger = new RetryLedger();
    private bool _sent;

    internal RetryRounds(PantoCmdlet cmdlet)
    {
        _cmdlet = cmdlet;
    }

    // Pipeline thread, as are all the methods below.

    /// <summary>A trigger request was sent, so the command has a summary to write (-WhatIf sends none).</summary>
    internal void Sent() => _sent = true;

    /// <summary>A final result of the current attempt.</summary>
    internal void Record(TriggerResult result) => _ledger.Record(result);

    /// <summary>Restart-PantoTestRun: the runs given are attempt 1, and their restart attempt 2.</summary>
    internal void RecordGiven(RestartPlan plan)
    {
        foreach (var run in plan.Batches.SelectMany(b => b.Runs))
        {
            _ledger.Record(run);
        }

        _ledger.NextAttempt();
    }

    /// <summary>Starts the next attempt with the flows that failed in this one; null when none did.</summary>
    internal RestartPlan? NextAttempt()
    {
        var failed = _ledger.FailedInThisAttempt();
        if (failed.Count == 0)
        {
            return null;
        }

        _ledger.NextAttempt();
        _cmdlet.WriteHostLine($"Retrying {failed.Count} failed flow run(s), attempt {_ledger.Attempt}: {string.Join(", ", failed.Select(r => $"'{r.Name}' ({r.Id})"))}.");
        return RestartPlan.For(failed);
    }

    /// <summary>One warning per flaky flow, one if the outcome passed only thanks to retries, the summary, and with -ErrorOnFailure the gate's error.</summary>
    internal void Report(bool errorOnFailure)
    {
        if (!_sent)
        {
            return;
        }

        var summary = _ledger.Summarize();
        foreach (var flow in summary.flaky)
        {
            _cmdlet.WriteWarning($"Flaky: '{flow.test_run_name}' on {flow.devices} (build {flow.build_file_id}) passed only on attempt {flow.passed_on_attempt}: {Attempts(flow)}.");
        }

        bool passed = RunStatus.IsPassed(summary.status);
        if (passed && summary.flaky.Length > 0)
        {
            _cmdlet.WriteWarning($"Passed only thanks to retries: {summary.flaky.Length} of {summary.flows} flow run(s) failed before passing on a retry (named above); every flow passed in its last attempt.");
        }

        var output = ShortTypeName.Apply(summary);
        foreach (var flow in summary.flaky.Concat(summary.failed))
        {
            ShortTypeName.Apply(flow);
        }

        _cmdlet.WriteObject(output);
        if (errorOnFailure && !passed)
        {
            GateExitCode.MarkFailed(_cmdlet);
            _cmdlet.WriteError(ErrorRecords.Record(
                new InvalidOperationException($"Not every flow passed in its last attempt after {summary.attempts} attempt(s)."),
                "TriggerFailed",
                ErrorCategory.InvalidResult,
                output,
                GateMessage(summary)));
        }
    }

    private static string GateMessage(RetrySummary summary)
    {
        if (summary.flows == 0)
        {
            return "No flow run was read to a final status, so none passed; the errors above say why.";
        }

        var text = $"{summary.failed.Length} of {summary.flows} flow run(s) did not pass in their last attempt, after {summary.attempts} attempt(s)";
        if (summary.failed.Length > 0)
        {
            text += ": " + string.Join("; ", summary.failed.Select(f => $"'{f.test_run_name}' on {f.devices} (build {f.build_file_id}): {Attempts(f)}"));
        }

        if (summary.doubtful_triggers.Length > 0)
        {
            text += $". Not passed either: {string.Join("; ", summary.doubtful_triggers)}";
        }

        var lastRuns = summary.failed.Select(f => f.test_runs[f.test_runs.Length - 1]).ToArray();
        return text + (lastRuns.Length > 0 ? $". Get-PantoTestRun {string.Join(", ", lastRuns)} shows the last runs." : ".");
    }

    private static string Attempts(RetryFlow flow) =>
        string.Join(", ", flow.attempts.Select((attempt, i) => $"attempt {attempt} {flow.statuses[i]} ({flow.test_runs[i]})"));
}

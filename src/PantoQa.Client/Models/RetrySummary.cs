using System;

namespace PantoQa.Client.Models;

/// <summary>
/// What -RetryFailed came to, written after every attempt's results: whether each flow on each
/// build and set of devices passed in its last attempt, which passed only on a retry (flaky),
/// and which did not pass.
/// </summary>
public sealed class RetrySummary
{
    /// <summary>Made by <see cref="RetryLedger.Summarize"/>.</summary>
    public RetrySummary(string status, int attempts, int flows, RetryFlow[] flaky, RetryFlow[] failed, string[] doubtful)
    {
        this.status = status;
        this.attempts = attempts;
        this.flows = flows;
        this.flaky = flaky ?? Array.Empty<RetryFlow>();
        this.failed = failed ?? Array.Empty<RetryFlow>();
        doubtful_triggers = doubtful ?? Array.Empty<string>();
    }

    /// <summary>passed when every flow passed in its last attempt and no trigger's status was in doubt; failed otherwise.</summary>
    public string status { get; }

    /// <summary>How many attempts were made, the first one included.</summary>
    public int attempts { get; }

    /// <summary>How many flows, each on one build and one set of devices, were followed.</summary>
    public int flows { get; }

    /// <summary>The flows that failed and then passed on a retry.</summary>
    public RetryFlow[] flaky { get; }

    /// <summary>The flows that did not pass in their last attempt.</summary>
    public RetryFlow[] failed { get; }

    /// <summary>Triggers whose aggregate was not passed though none of their runs failed, which keep the status from passing.</summary>
    public string[] doubtful_triggers { get; }

    /// <summary>The status and the counts, on one line.</summary>
    public override string ToString() => $"{status} after {attempts} attempt(s): {flows} flow(s), {flaky.Length} flaky, {failed.Length} failed";
}

/// <summary>One flow on one build and one set of devices, attempt by attempt.</summary>
public sealed class RetryFlow
{
    /// <summary>Made by <see cref="RetryLedger.Summarize"/>.</summary>
    public RetryFlow(string? name, string? buildId, string devices, int[] attempts, string[] statuses, string[] runs, int? passedOnAttempt)
    {
        test_run_name = name;
        build_file_id = buildId;
        this.devices = devices;
        this.attempts = attempts;
        this.statuses = statuses;
        test_runs = runs;
        passed_on_attempt = passedOnAttempt;
    }

    /// <summary>The flow's name, as its runs carry it.</summary>
    public string? test_run_name { get; }

    /// <summary>The build.</summary>
    public string? build_file_id { get; }

    /// <summary>The devices, as -Device takes them: platform:device name:version, comma-separated.</summary>
    public string devices { get; }

    /// <summary>The attempts the flow ran in, from 1.</summary>
    public int[] attempts { get; }

    /// <summary>The runner_status of each of those attempts (the worst, where an attempt had several runs of the flow).</summary>
    public string[] statuses { get; }

    /// <summary>The run of each of those attempts whose status is shown.</summary>
    public string[] test_runs { get; }

    /// <summary>The attempt it passed in; null when its last attempt did not pass.</summary>
    public int? passed_on_attempt { get; }

    /// <summary>Name, devices, build and the status of each attempt.</summary>
    public override string ToString() => $"'{test_run_name}' on {devices} (build {build_file_id}): {string.Join(", ", statuses)}";
}

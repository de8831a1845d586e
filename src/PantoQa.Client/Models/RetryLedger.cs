using System;
using System.Collections.Generic;
using System.Linq;

namespace PantoQa.Client.Models;

/// <summary>
/// The attempts of each flow on each build and set of devices, for -RetryFailed: which runs
/// failed in the latest attempt (to restart), and at the end which flows passed only on a retry
/// and which did not pass in their last attempt. A flow is known by its name, build and set of
/// devices (<see cref="RestartPlan.FlowKey"/>), since its name is what a restart selects.
/// </summary>
public sealed class RetryLedger
{
    private readonly Dictionary<string, FlowAttempts> _flows = new Dictionary<string, FlowAttempts>(StringComparer.Ordinal);
    private readonly List<FlowAttempts> _order = new List<FlowAttempts>();
    private readonly List<string> _doubtful = new List<string>();

    /// <summary>The attempt being recorded, from 1.</summary>
    public int Attempt { get; private set; } = 1;

    /// <summary>Starts recording the next attempt.</summary>
    public void NextAttempt() => Attempt++;

    /// <summary>Records a run of the current attempt; several runs of one flow in one attempt pass only if all do.</summary>
    public void Record(RestartRun run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        string key = RestartPlan.FlowKey(run);
        if (!_flows.TryGetValue(key, out var flow))
        {
            flow = new FlowAttempts(run);
            _flows.Add(key, flow);
            _order.Add(flow);
        }

        flow.Record(Attempt, run);
    }

    /// <summary>
    /// Records every run of a final trigger result in the current attempt. A trigger whose
    /// aggregate is not passed though none of its runs failed (a status this version does not
    /// know, or one that disagrees with its runs) keeps the outcome from passing.
    /// </summary>
    public void Record(TriggerResult result)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        foreach (var run in result.test_runs)
        {
            if (run is not null)
            {
                Record(RestartRun.From(run));
            }
        }

        if (!RunStatus.IsPassed(result.status) && result.failed == 0)
        {
            _doubtful.Add($"trigger '{result.trigger_id}' ended '{result.status}' though none of its runs failed");
        }
    }

    /// <summary>One failed run of each flow that failed in the current attempt, in the order first recorded: what to restart next.</summary>
    public IReadOnlyList<RestartRun> FailedInThisAttempt() =>
        _order.Where(f => f.Last.Attempt == Attempt && f.Last.Outcome == RunOutcome.Failed).Select(f => f.Last.FailedRun!).ToList();

    /// <summary>What every attempt came to, and whether every flow passed in its last attempt.</summary>
    public RetrySummary Summarize()
    {
        var flaky = _order.Where(f => f.Last.Outcome == RunOutcome.Passed && f.EverFailed).Select(f => f.ToRetryFlow()).ToArray();
        var failed = _order.Where(f => f.Last.Outcome != RunOutcome.Passed).Select(f => f.ToRetryFlow()).ToArray();
        bool passed = _order.Count > 0 && failed.Length == 0 && _doubtful.Count == 0;
        return new RetrySummary(passed ? RunStatus.Passed : RunStatus.Failed, _order.Count == 0 ? 0 : _order.Max(f => f.Last.Attempt), _order.Count, flaky, failed, _doubtful.ToArray());
    }

    private sealed class FlowAttempts
    {
        private readonly RestartRun _first;
        private readonly List<AttemptOutcome> _attempts = new List<AttemptOutcome>();

        internal FlowAttempts(RestartRun first)
        {
            _first = first;
        }

        internal AttemptOutcome Last => _attempts[_attempts.Count - 1];

        internal bool EverFailed => _attempts.Any(a => a.Outcome == RunOutcome.Failed);

        internal void Record(int attempt, RestartRun run)
        {
            if (_attempts.Count == 0 || Last.Attempt != attempt)
            {
                _attempts.Add(new AttemptOutcome(attempt));
            }

            Last.Add(run);
        }

        internal RetryFlow ToRetryFlow() => new RetryFlow(
            _first.Name,
            _first.BuildId,
            string.Join(", ", _first.Devices.Select(Describe)),
            _attempts.Select(a => a.Attempt).ToArray(),
            _attempts.Select(a => a.Status).ToArray(),
            _attempts.Select(a => a.RunId).ToArray(),
            Last.Outcome == RunOutcome.Passed ? Last.Attempt : (int?)null);

        // As a device is typed for -Device: platform:device name:version.
        private static string Describe(TargetDevice? device) =>
            device is null ? "" : device.platform is null ? $"{device.device_name}:{device.platform_version}" : $"{device.platform}:{device.device_name}:{device.platform_version}";
    }

    private sealed class AttemptOutcome
    {
        internal AttemptOutcome(int attempt)
        {
            Attempt = attempt;
        }

        internal int Attempt { get; }

        // The worst of the attempt's runs: failed before still running before passed, so a
        // flow passes an attempt only when every run of it did.
        internal RunOutcome Outcome { get; private set; } = RunOutcome.Passed;

        internal string Status { get; private set; } = RunStatus.Passed;

        internal string RunId { get; private set; } = "";

        internal RestartRun? FailedRun { get; private set; }

        private bool _any;

        internal void Add(RestartRun run)
        {
            var outcome = RunStatus.Classify(run.Status);
            if (!_any || Rank(outcome) > Rank(Outcome))
            {
                _any = true;
                Outcome = outcome;
                Status = run.Status ?? "unknown";
                RunId = run.Id;
                if (outcome == RunOutcome.Failed)
                {
                    FailedRun = run;
                }
            }
        }

        private static int Rank(RunOutcome outcome) => outcome == RunOutcome.Failed ? 2 : outcome == RunOutcome.InProcess ? 1 : 0;
    }
}

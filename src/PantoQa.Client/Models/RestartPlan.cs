using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PantoQa.Client.Models;

/// <summary>Why a run cannot be restarted.</summary>
public enum RestartRefusalReason
{
    /// <summary>A suite's run: the suite trigger documents no way to select one suite by name.</summary>
    SuiteRun,

    /// <summary>No test_run_name, so there is no flow name to select it by.</summary>
    NoName,

    /// <summary>No build_file_id, so there is no build to start it on.</summary>
    NoBuild,

    /// <summary>No target devices, or one without a device_name or platform_version.</summary>
    NoDevices,
}

/// <summary>
/// Groups runs into the fewest trigger requests that start exactly those flows on exactly their
/// devices: one request per build and set of devices, selecting its flows by name with
/// <c>_$NAME</c>. Every run of a flow trigger targets every device of its request, so runs are
/// grouped only with runs on the same set of devices: a flow is never started on a device it
/// was not given on. Pure: it sends nothing.
/// </summary>
public sealed class RestartPlan
{
    private RestartPlan(IReadOnlyList<RestartBatch> batches, IReadOnlyList<RestartRefusal> refusals)
    {
        Batches = batches;
        Refusals = refusals;
    }

    /// <summary>The requests to send, in the order their first run was given.</summary>
    public IReadOnlyList<RestartBatch> Batches { get; }

    /// <summary>The runs that cannot be restarted, in the order given, each with its reason.</summary>
    public IReadOnlyList<RestartRefusal> Refusals { get; }

    /// <summary>Plans the restart of <paramref name="runs"/>; the same flow given twice on the same build and devices is started once.</summary>
    public static RestartPlan For(IEnumerable<RestartRun> runs)
    {
        if (runs is null)
        {
            throw new ArgumentNullException(nameof(runs));
        }

        var batches = new List<RestartBatch>();
        var byGroup = new Dictionary<string, RestartBatch>(StringComparer.Ordinal);
        var refusals = new List<RestartRefusal>();
        foreach (var run in runs)
        {
            if (run is null)
            {
                continue;
            }

            if (Refuse(run) is { } refusal)
            {
                refusals.Add(refusal);
                continue;
            }

            var devices = run.Devices.Select(d => new TriggerDevice(Blank(d!.platform) ? null : d.platform, d.device_name!, d.platform_version!)).ToArray();
            string group = GroupKey(run.BuildId!, devices);
            if (!byGroup.TryGetValue(group, out var batch))
            {
                batch = new RestartBatch(run.BuildId!, devices);
                byGroup.Add(group, batch);
                batches.Add(batch);
            }

            batch.Add(run);
        }

        return new RestartPlan(batches, refusals);
    }

    /// <summary>
    /// The same text for the same flow on the same build and set of devices, whatever the
    /// order of the devices: how the attempts of one flow are told apart from another's.
    /// </summary>
    public static string FlowKey(RestartRun run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        var key = new StringBuilder();
        Append(key, run.Name);
        Append(key, run.BuildId);
        return key.Append(DeviceSet(run.Devices.Select(d => d is null ? "-;" : DeviceKey(d.platform, d.device_name, d.platform_version)))).ToString();
    }

    private static RestartRefusal? Refuse(RestartRun run)
    {
        if (run.IsSuiteRun)
        {
            return new RestartRefusal(run, RestartRefusalReason.SuiteRun,
                $"Run '{run.Id}' is a run of the test suite '{run.Name ?? run.SuiteId}' ({run.SuiteId}), and the suite trigger documents no way to select one suite, so it cannot be restarted alone. Start the suite again with Start-PantoTestSuite, selecting it by its tags.");
        }

        if (Blank(run.Name))
        {
            return new RestartRefusal(run, RestartRefusalReason.NoName,
                $"Run '{run.Id}' has no test_run_name, so there is no flow name to restart it by. Pass the run as Get-PantoTestRun returns it, or use -Id '{run.Id}'.");
        }

        if (Blank(run.BuildId))
        {
            return new RestartRefusal(run, RestartRefusalReason.NoBuild,
                $"Run '{run.Id}' of the flow '{run.Name}' has no build_file_id, so there is no build to restart it on. Pass the run as Get-PantoTestRun returns it, or use -Id '{run.Id}'.");
        }

        if (run.Devices.Count == 0 || run.Devices.Any(d => d is null || Blank(d.device_name) || Blank(d.platform_version)))
        {
            return new RestartRefusal(run, RestartRefusalReason.NoDevices,
                $"Run '{run.Id}' of the flow '{run.Name}' has no target devices, or one without a device_name or platform_version (as when Export-Clixml wrote the devices as text, below its -Depth), so there is nothing exact to restart it on. Pass the run as Get-PantoTestRun returns it, export it with a greater -Depth, or use -Id '{run.Id}'.");
        }

        return null;
    }

    private static string GroupKey(string buildId, IEnumerable<TriggerDevice> devices)
    {
        var key = new StringBuilder();
        Append(key, buildId);
        return key.Append(DeviceSet(devices.Select(d => DeviceKey(d.Platform, d.DeviceName, d.PlatformVersion)))).ToString();
    }

    // The service stores device names in lowercase, so "Pixel 8" and "pixel 8" are one device;
    // platform and version are kept as sent, so they compare exactly.
    private static string DeviceKey(string? platform, string? name, string? version)
    {
        var key = new StringBuilder();
        Append(key, platform);
        Append(key, name?.ToLowerInvariant());
        Append(key, version);
        return key.ToString();
    }

    // A set of devices: their order does not count.
    private static string DeviceSet(IEnumerable<string> deviceKeys) =>
        string.Concat(deviceKeys.Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).Select(k => "[" + k + "]"));

    // Length-prefixed, so no value can imitate a separator and make two groups look alike.
    private static void Append(StringBuilder key, string? value) =>
        key.Append(value is null ? "-" : value.Length + ":").Append(value).Append(';');

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}

/// <summary>One trigger request of a <see cref="RestartPlan"/>: flows by name, one build, one set of devices.</summary>
public sealed class RestartBatch
{
    private readonly List<string> _names = new List<string>();
    private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
    private readonly List<RestartRun> _runs = new List<RestartRun>();

    internal RestartBatch(string appId, IReadOnlyList<TriggerDevice> devices)
    {
        AppId = appId;
        Devices = devices;
    }

    /// <summary>app_id: the build the runs tested.</summary>
    public string AppId { get; }

    /// <summary>The devices, in the order the first run listed them.</summary>
    public IReadOnlyList<TriggerDevice> Devices { get; }

    /// <summary>The flow names to select, each once, in the order given.</summary>
    public IReadOnlyList<string> FlowNames => _names;

    /// <summary>Every run this request restarts, in the order given.</summary>
    public IReadOnlyList<RestartRun> Runs => _runs;

    /// <summary>
    /// The request: the flows by name on the devices. Environment and context go by name,
    /// and a run has only their ids, so they are the caller's to give.
    /// </summary>
    public TriggerRequest ToRequest(string? envName, string? contextName) =>
        new TriggerRequest(AppId, TriggerTags.FlowNames(_names), Devices, envName, contextName);

    internal void Add(RestartRun run)
    {
        _runs.Add(run);
        if (_seen.Add(run.Name!))
        {
            _names.Add(run.Name!);
        }
    }
}

/// <summary>A run that a <see cref="RestartPlan"/> will not restart, and why.</summary>
public sealed class RestartRefusal
{
    internal RestartRefusal(RestartRun run, RestartRefusalReason reason, string message)
    {
        Run = run;
        Reason = reason;
        Message = message;
    }

    /// <summary>The run refused.</summary>
    public RestartRun Run { get; }

    /// <summary>Why.</summary>
    public RestartRefusalReason Reason { get; }

    /// <summary>Why, and what to do instead, naming the run.</summary>
    public string Message { get; }
}

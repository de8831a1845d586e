using PantoQa.Emulator.Status;

namespace PantoQa.Emulator.Store;

/// <summary>
/// A test run as the API shows it, with its names already resolved and its life laid out as a
/// schedule counted from <see cref="LoadedAt"/>.
/// </summary>
public sealed class EmulatedRun
{
    private readonly ScheduleStep[] _steps;
    private readonly TimeSpan? _startsAfter;
    private readonly TimeSpan? _endsAfter;

    public EmulatedRun(
        string id,
        string triggerId,
        RunNaming naming,
        RunMetadata metadata,
        IReadOnlyList<TargetDevice> devices,
        DateTimeOffset loadedAt,
        RunTimestamps timestamps,
        IReadOnlyList<ScheduleStep> steps)
    {
        if (steps.Count == 0)
        {
            throw new ArgumentException("A run needs at least one schedule step.", nameof(steps));
        }

        Id = id;
        TriggerId = triggerId;
        Naming = naming;
        Metadata = metadata;
        Devices = devices;
        LoadedAt = loadedAt;
        Timestamps = timestamps;
        _steps = [.. steps];
        _startsAfter = _steps.FirstOrDefault(s => StatusRules.HasStarted(s.Status))?.StartsAfter;
        _endsAfter = _steps.FirstOrDefault(s => StatusRules.IsTerminal(s.Status))?.StartsAfter;
    }

    public string Id { get; }
    public string TriggerId { get; }
    public RunNaming Naming { get; }
    public RunMetadata Metadata { get; }
    public IReadOnlyList<TargetDevice> Devices { get; }
    public DateTimeOffset LoadedAt { get; }
    public RunTimestamps Timestamps { get; }

    /// <summary>Before this moment the API answers 404 for the run, as a service whose writes take a while to show.</summary>
    public DateTimeOffset VisibleFrom { get; init; } = DateTimeOffset.MinValue;

    /// <summary>Serialized forms, filled once the run reached its last step and can no longer change.</summary>
    internal byte[]? FinalRunJson { get; set; }
    internal byte[]? FinalEnvelopeJson { get; set; }

    public RunState StateAt(DateTimeOffset now)
    {
        var elapsed = now - LoadedAt;
        var index = 0;
        while (index + 1 < _steps.Length && _steps[index + 1].StartsAfter <= elapsed)
        {
            index++;
        }

        // Absolute timestamps from the scenario replace computed ones, but only once the run
        // has got that far, so a running run never shows an end time.
        DateTimeOffset? startedAt = _startsAfter is { } s && s <= elapsed
            ? Timestamps.RunnerStart ?? LoadedAt + s
            : null;
        DateTimeOffset? endedAt = _endsAfter is { } e && e <= elapsed
            ? Timestamps.RunnerEnd ?? LoadedAt + e
            : null;
        return new RunState(_steps[index], index == _steps.Length - 1, startedAt, endedAt);
    }
}

/// <summary><c>test_run_name</c>, <c>test_flow_id</c> and <c>test_suite_id</c> as the API shows them.</summary>
public sealed record RunNaming(string? Name, string? FlowId, string? SuiteId);

public sealed record RunMetadata(string? TestFramework, string? ContextId, string? EnvId, string? BuildFileId);

/// <summary>Start and end are optional overrides; created and runner-create are always known.</summary>
public sealed record RunTimestamps(
    DateTimeOffset CreatedAt,
    DateTimeOffset RunnerCreate,
    DateTimeOffset? RunnerStart,
    DateTimeOffset? RunnerEnd);

namespace PantoQa.Emulator.Store;

/// <summary>What a run looks like at one moment.</summary>
public readonly record struct RunState(
    ScheduleStep Step,
    bool IsFinal,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt);

namespace PantoQa.Emulator.Store;

/// <summary>One state of a run's life, entered <paramref name="StartsAfter"/> after the run was loaded.</summary>
public sealed record ScheduleStep(string Status, string? Remark, TimeSpan StartsAfter);

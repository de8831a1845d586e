namespace PantoQa.Emulator.Store;

// Suites and flows name runs when they are loaded; root flows and suites with tags are also
// what the two trigger endpoints choose from.

/// <summary>A tag name and the values an entry carries under it.</summary>
public sealed record TagSet(IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    public static readonly TagSet None = new(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));
}

// TriggeredSchedules: one schedule per run of the entry on the same build and devices (its
// first run follows the first), the last one for every later run; null for the default schedule.

public sealed record TestSuite(string Id, string Name, TagSet? Tags = null, IReadOnlyList<IReadOnlyList<ScheduleStep>>? TriggeredSchedules = null);

public sealed record TestFlow(string Id, string Name, string? ParentId, TagSet? Tags = null, IReadOnlyList<IReadOnlyList<ScheduleStep>>? TriggeredSchedules = null);

public sealed record TargetDevice(string? Platform, string? DeviceName, string? PlatformVersion);

/// <summary>An uploaded app build, named by <c>app_id</c> in a trigger request.</summary>
public sealed record Build(string Id, string? TestFramework);

/// <summary>An environment or a context: named in a trigger request, shown by id on the runs.</summary>
public sealed record NamedEntity(string Id, string Name);

namespace PantoQa.Emulator.Store;

// Suites and flows only matter for naming runs: they are resolved when a run is loaded.

public sealed record TestSuite(string Id, string Name);

public sealed record TestFlow(string Id, string Name, string? ParentId);

public sealed record TargetDevice(string? Platform, string? DeviceName, string? PlatformVersion);

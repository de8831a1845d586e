namespace PantoQa.Emulator.Scenario;

/// <summary>A scenario that cannot be loaded as written (HTTP 400 at runtime, exit code 2 at startup).</summary>
public sealed class ScenarioException(string message) : Exception(message);

/// <summary>A scenario that reuses an id the emulator already holds (HTTP 409 at runtime).</summary>
public sealed class ScenarioConflictException(string message) : Exception(message);

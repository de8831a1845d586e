namespace PantoQa.Emulator.Store;

/// <summary>One trigger request that took effect: which endpoint, when, and the trigger it created.</summary>
public sealed record TriggeredRecord(string Endpoint, DateTimeOffset At, EmulatedTrigger Trigger);

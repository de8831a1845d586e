namespace PantoQa.Emulator.Triggers;

/// <summary>Which catalog a trigger request starts: root flows or suites.</summary>
public enum TriggerTarget
{
    Flows,
    Suites,
}

/// <summary>A device as requested; the name is stored lowercase when runs are created.</summary>
public sealed record RequestedDevice(string? Platform, string DeviceName, string PlatformVersion);

/// <summary>A trigger request body that passed validation.</summary>
public sealed record TriggerRequest(
    string AppId,
    TagSelector Selector,
    IReadOnlyList<RequestedDevice> Devices,
    string? EnvName,
    string? ContextName);

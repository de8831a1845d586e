namespace PantoQa.Emulator.Triggers;

/// <summary>The trigger settings new trigger requests follow, replaced at runtime through POST /_emulator/trigger-settings.</summary>
public sealed class TriggerSettingsInForce(TriggerSettings defaults)
{
    private TriggerSettings _current = defaults;

    /// <summary>What the command line set: the value of every field a replacement leaves out.</summary>
    public TriggerSettings Defaults { get; } = defaults;

    public TriggerSettings Current => Volatile.Read(ref _current);

    public void Replace(TriggerSettings settings) => Volatile.Write(ref _current, settings);
}

namespace PantoQa.Emulator.Faults;

/// <summary>The active fault configuration and how far along its deterministic sequence the emulator is.</summary>
public sealed class FaultInjector(FaultConfig initial)
{
    private Sequence _current = new(initial);

    public FaultConfig Config => Volatile.Read(ref _current).Config;

    /// <summary>Replaces the configuration and starts its sequence from request number 1.</summary>
    public void Configure(FaultConfig config) => Volatile.Write(ref _current, new Sequence(config));

    public void Restart() => Configure(Config);

    /// <summary>Numbers the next /api request and returns the fault it gets, if any.</summary>
    public FaultDecision? Next()
    {
        var sequence = Volatile.Read(ref _current);
        var number = Interlocked.Increment(ref sequence.Count);
        return FaultSequence.Decide(sequence.Config, number) is { } kind
            ? new FaultDecision(kind, sequence.Config)
            : null;
    }

    private sealed class Sequence(FaultConfig config)
    {
        public readonly FaultConfig Config = config;
        public long Count;
    }
}

/// <summary>A fault to inject, with the configuration it came from (delay, Retry-After, redirect target).</summary>
public readonly record struct FaultDecision(string Kind, FaultConfig Config);

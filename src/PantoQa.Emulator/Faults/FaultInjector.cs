namespace PantoQa.Emulator.Faults;

/// <summary>The active fault configuration and how far along its deterministic sequence the emulator is.</summary>
public sealed class FaultInjector(FaultConfig initial)
{
    private Sequence _current = new(initial);

    public FaultConfig Config => Volatile.Read(ref _current).Config;

    /// <summary>Replaces the configuration and starts its sequence from request number 1.</summary>
    public void Configure(FaultConfig config) => Volatile.Write(ref _current, new Sequence(config));

    public void Restart() => Configure(Config);

    /// <summary>
    /// Numbers the next /api request and returns the fault it gets, if any. Requests of other
    /// methods than the configuration names are not numbered, so a POST's faults stay the same
    /// however many GETs come in between.
    /// </summary>
    public FaultDecision? Next(string method)
    {
        var sequence = Volatile.Read(ref _current);
        var config = sequence.Config;
        if (config.Methods is { } methods && !methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var number = Interlocked.Increment(ref sequence.Count);
        if (FaultSequence.Decide(config, number) is not { } kind
            || (config.MaxFaults is { } max && Interlocked.Increment(ref sequence.Faults) > max))
        {
            return null;
        }

        return new FaultDecision(kind, config);
    }

    private sealed class Sequence(FaultConfig config)
    {
        public readonly FaultConfig Config = config;
        public long Count;
        public long Faults;
    }
}

/// <summary>A fault to inject, with the configuration it came from (delay, Retry-After, redirect target).</summary>
public readonly record struct FaultDecision(string Kind, FaultConfig Config);

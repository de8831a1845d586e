namespace PantoQa.Emulator.Faults;

/// <summary>
/// Whether the n-th /api request fails, and how: a pure function of (seed, n), so a run with the
/// same seed meets the same faults in the same order, whatever process or machine it runs on.
/// SplitMix64 is used rather than System.Random so the sequence can never change under us with a runtime update.
/// </summary>
public static class FaultSequence
{
    public static string? Decide(FaultConfig config, long requestNumber)
    {
        if (config.Rate <= 0)
        {
            return null;
        }

        var first = Mix(unchecked((ulong)config.Seed + ((ulong)requestNumber * 0x9E3779B97F4A7C15UL)));
        var draw = (first >> 11) * (1.0 / (1UL << 53));
        if (draw >= config.Rate)
        {
            return null;
        }

        var second = Mix(first);
        return config.Kinds[(int)(second % (ulong)config.Kinds.Count)];
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>How a <see cref="TriggerWait"/> waits; the values of the waiting parameters.</summary>
internal sealed class TriggerWaitSettings
{
    /// <summary>Seconds to wait in all; -1 waits without limit.</summary>
    internal int Timeout { get; set; } = -1;

    /// <summary>Seconds between polls of one trigger.</summary>
    internal int PollInterval { get; set; } = 10;

    /// <summary>Failed polls in a row that end one trigger's wait.</summary>
    internal int MaxPollFailures { get; set; } = 5;

    /// <summary>Polls in flight at once, over all triggers.</summary>
    internal int ThrottleLimit { get; set; } = Parameters.Defaults.ThrottleLimit;

    /// <summary>Whether a trigger that ends other than passed writes an error after its result.</summary>
    internal bool ErrorOnFailure { get; set; }

    /// <summary>Whether each trigger gets status lines on the host: where no progress bar can be seen.</summary>
    internal bool StatusLines { get; set; }
}

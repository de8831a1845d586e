using System.Management.Automation;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// A cmdlet that waits for triggers: it declares the waiting parameters once, so every
/// cmdlet that waits takes them with the same names, ranges, defaults and meaning, and hands
/// them to a <see cref="TriggerWait"/>. -ThrottleLimit, here the polls in flight over all
/// triggers, is the one of <see cref="ThrottledCmdlet"/>.
/// </summary>
public abstract class TriggerWaitCmdlet : ThrottledCmdlet
{
    /// <summary>Seconds to wait in all, as for Wait-Job; -1 waits without limit.</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    /// <summary>Seconds between polls of one trigger.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollInterval { get; set; } = 10;

    /// <summary>
    /// Failed polls in a row (each after its own request retries) that end one trigger's wait
    /// with the last poll's error. There is deliberately no "never": a wait that cannot end is
    /// a CI job hanging with an empty log; a long outage is ridden out with a larger number.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int MaxPollFailures { get; set; } = 5;

    /// <summary>Writes a TriggerFailed error for each trigger whose final status is not passed.</summary>
    [Parameter]
    public SwitchParameter ErrorOnFailure { get; set; }

    /// <summary>A wait with this cmdlet's waiting parameters; add triggers, then run it.</summary>
    private protected TriggerWait NewTriggerWait() => new TriggerWait(this, new TriggerWaitSettings
    {
        Timeout = Timeout,
        PollInterval = PollInterval,
        MaxPollFailures = MaxPollFailures,
        ThrottleLimit = ThrottleLimit,
        ErrorOnFailure = ErrorOnFailure,
        StatusLines = ProgressVisibility.IsHidden(Host),
    });
}

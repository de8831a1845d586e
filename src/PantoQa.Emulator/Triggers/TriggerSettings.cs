namespace PantoQa.Emulator.Triggers;

/// <summary>How the trigger endpoints deviate from the documented service, for client tests.</summary>
/// <param name="IdInResponse">Adds <c>trigger_id</c> to the success body, which the documented shape lacks.</param>
/// <param name="VisibilityDelay">How long new runs and their trigger answer 404 after the request.</param>
public sealed record TriggerSettings(bool IdInResponse, TimeSpan VisibilityDelay)
{
    public static readonly TriggerSettings Documented = new(false, TimeSpan.Zero);
}

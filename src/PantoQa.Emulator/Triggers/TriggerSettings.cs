using PantoQa.Emulator.Status;

namespace PantoQa.Emulator.Triggers;

/// <summary>How the trigger endpoints deviate from the documented service, for client tests. Read once per trigger request.</summary>
/// <param name="IdInResponse">Adds <c>trigger_id</c> to the success body, which the documented shape lacks.</param>
/// <param name="VisibilityDelay">How long new runs and their trigger answer 404 after the request.</param>
/// <param name="RunTriggerId">
/// The <c>trigger_id</c> the new runs (and the response, with <paramref name="IdInResponse"/>) carry
/// in place of the id the trigger is stored under; null for the real one.
/// </param>
/// <param name="AggregateStatus">What the new trigger serves as its status; null for the computed one.</param>
public sealed record TriggerSettings(
    bool IdInResponse,
    TimeSpan VisibilityDelay,
    string? RunTriggerId = null,
    ServedAggregate? AggregateStatus = null)
{
    public static readonly TriggerSettings Documented = new(false, TimeSpan.Zero);
}

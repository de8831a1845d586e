namespace PantoQa.Cmdlets.Parameters;

internal static class Defaults
{
    /// <summary>
    /// Requests in flight at once when fetching many ids. Enough to hide round trips on a
    /// loopback or a nearby service without looking like a flood to the real one.
    /// </summary>
    internal const int ThrottleLimit = 8;
}

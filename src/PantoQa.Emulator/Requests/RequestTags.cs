namespace PantoQa.Emulator.Requests;

/// <summary>What the handlers tell the request log about a request beyond what HTTP shows.</summary>
internal static class RequestTags
{
    private static readonly object FaultKey = new();
    private static readonly object DroppedKey = new();

    public static void SetFault(HttpContext context, string kind) => context.Items[FaultKey] = kind;

    /// <summary>
    /// Marks a request whose connection the emulator aborted on purpose. The abort reaches
    /// RequestAborted only later when the body was read, so the log cannot rely on that alone.
    /// </summary>
    public static void SetDropped(HttpContext context) => context.Items[DroppedKey] = true;

    public static bool Dropped(HttpContext context) => context.Items.ContainsKey(DroppedKey);

    public static string? Fault(HttpContext context) => context.Items.TryGetValue(FaultKey, out var kind) ? kind as string : null;
}

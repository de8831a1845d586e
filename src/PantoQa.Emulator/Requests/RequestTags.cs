namespace PantoQa.Emulator.Requests;

/// <summary>What the handlers tell the request log about a request beyond what HTTP shows.</summary>
internal static class RequestTags
{
    private static readonly object FaultKey = new();

    public static void SetFault(HttpContext context, string kind) => context.Items[FaultKey] = kind;

    public static string? Fault(HttpContext context) => context.Items.TryGetValue(FaultKey, out var kind) ? kind as string : null;
}

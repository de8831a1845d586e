namespace PantoQa.Emulator.Payloads;

/// <summary>The service's error bodies, byte for byte in its compact style.</summary>
internal static class ErrorBodies
{
    public static readonly byte[] RunNotFound = """{"detail":"Test run not found"}"""u8.ToArray();
    public static readonly byte[] TriggerNotFound = """{"detail":"No test runs found for trigger id"}"""u8.ToArray();
    public static readonly byte[] InvalidApiKey = """{"error":"Invalid or expired API key"}"""u8.ToArray();
    public static readonly byte[] NotFound = """{"detail":"Not Found"}"""u8.ToArray();
    public static readonly byte[] BuildNotFound = """{"detail":"Build file not found"}"""u8.ToArray();
    public static readonly byte[] EnvironmentNotFound = """{"detail":"Environment not found"}"""u8.ToArray();
    public static readonly byte[] ContextNotFound = """{"detail":"Context not found"}"""u8.ToArray();
    public static readonly byte[] NoFlowsMatched = """{"detail":"No test flows found matching the provided tags"}"""u8.ToArray();
    public static readonly byte[] NoSuitesMatched = """{"detail":"No test suites found matching the provided tags"}"""u8.ToArray();
    public static readonly byte[] TooLarge = """{"detail":"Request Entity Too Large"}"""u8.ToArray();
    public static readonly byte[] MethodNotAllowed = """{"detail":"Method Not Allowed"}"""u8.ToArray();
}

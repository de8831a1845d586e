namespace PantoQa.Client.Tests.Infrastructure;

public static class Keys
{
    /// <summary>
    /// Trusted by every emulator the tests start. Long and unlike any other text, so that finding
    /// it in a message can only mean the message leaked it.
    /// </summary>
    public const string Secret = "pq_live_7Hk2Xw9Qz4Lm8Rt1Vb6Nc3Yd5Fg0Js";

    /// <summary>The default scenario's key that expired in 2025.</summary>
    public const string Expired = "expired-key";

    public const string Unknown = "pq_live_NotAKeyTheEmulatorKnows000000";
}

using PantoQa.Client.Models;

namespace PantoQa.Client.Json;

/// <summary>The body of GET test-run/{id}.</summary>
internal sealed class TestRunBody
{
    public TestRun? test_run { get; set; }
}

/// <summary>
/// The service's error bodies: <c>{"detail": ...}</c> for lookups, <c>{"error": ...}</c> for keys.
/// </summary>
internal sealed class ErrorBody
{
    public string? detail { get; set; }

    public string? error { get; set; }
}

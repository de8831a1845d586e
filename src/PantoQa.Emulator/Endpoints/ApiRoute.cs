namespace PantoQa.Emulator.Endpoints;

internal enum ApiEndpoint
{
    None,
    TestRun,
    TestRunsByTrigger,
    TestFlowTrigger,
    TestSuiteTrigger,
}

/// <summary>Which endpoint a raw /api path names, and the fully decoded id in its last segment.</summary>
internal readonly record struct ApiRoute(ApiEndpoint Endpoint, string Id)
{
    private const string TestRunPrefix = "/api/v1/qa/external/test-run/";
    private const string TriggerPrefix = "/api/v1/qa/external/test-runs-by-trigger/";
    private const string TestFlowTriggerPath = "/api/v1/qa/external/test-flow/trigger";
    private const string TestSuiteTriggerPath = "/api/v1/qa/external/testsuite/trigger";

    public bool IsTrigger => Endpoint is ApiEndpoint.TestFlowTrigger or ApiEndpoint.TestSuiteTrigger;

    public static ApiRoute Match(string rawPath)
    {
        if (TryId(rawPath, TestRunPrefix, out var id))
        {
            return new ApiRoute(ApiEndpoint.TestRun, id);
        }

        if (TryId(rawPath, TriggerPrefix, out id))
        {
            return new ApiRoute(ApiEndpoint.TestRunsByTrigger, id);
        }

        return rawPath switch
        {
            TestFlowTriggerPath => new ApiRoute(ApiEndpoint.TestFlowTrigger, ""),
            TestSuiteTriggerPath => new ApiRoute(ApiEndpoint.TestSuiteTrigger, ""),
            _ => new ApiRoute(ApiEndpoint.None, ""),
        };
    }

    private static bool TryId(string rawPath, string prefix, out string id)
    {
        id = "";
        if (!rawPath.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // The id is exactly one non-empty raw segment; only after splitting is it decoded,
        // which is what keeps %2F inside the id.
        var segment = rawPath.AsSpan(prefix.Length);
        if (segment.IsEmpty || segment.Contains('/'))
        {
            return false;
        }

        id = Uri.UnescapeDataString(segment.ToString());
        return true;
    }
}

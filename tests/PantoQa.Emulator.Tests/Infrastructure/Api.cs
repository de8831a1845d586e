using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PantoQa.Emulator.Tests.Infrastructure;

public sealed record ApiResponse(HttpStatusCode Status, string? MediaType, string Body, HttpResponseHeaders Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>Requests the tests make, with the API key of the default scenario unless told otherwise.</summary>
public static class Api
{
    public const string Key = "emulator-key";
    public const string KeyHeader = "X-PANTO-API-KEY";
    public const string RunPath = "/api/v1/qa/external/test-run/";
    public const string TriggerPath = "/api/v1/qa/external/test-runs-by-trigger/";
    public const string FlowTriggerPath = "/api/v1/qa/external/test-flow/trigger";
    public const string SuiteTriggerPath = "/api/v1/qa/external/testsuite/trigger";

    public static Task<ApiResponse> GetRunAsync(this EmulatorProcess emulator, string id, string? key = Key) =>
        emulator.GetAsync(RunPath + Uri.EscapeDataString(id), key);

    public static Task<ApiResponse> GetTriggerAsync(this EmulatorProcess emulator, string id, string? key = Key) =>
        emulator.GetAsync(TriggerPath + Uri.EscapeDataString(id), key);

    public static async Task<ApiResponse> GetAsync(this EmulatorProcess emulator, string pathAndQuery, string? key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(KeyHeader, key);
        }

        return await SendAsync(emulator, request);
    }

    public static Task<ApiResponse> TriggerFlowsAsync(this EmulatorProcess emulator, object body, string? key = Key) =>
        emulator.SendAsync(HttpMethod.Post, FlowTriggerPath, body as string ?? JsonSerializer.Serialize(body), key);

    public static Task<ApiResponse> TriggerSuitesAsync(this EmulatorProcess emulator, object body, string? key = Key) =>
        emulator.SendAsync(HttpMethod.Post, SuiteTriggerPath, body as string ?? JsonSerializer.Serialize(body), key);

    public static async Task<ApiResponse> SendAsync(this EmulatorProcess emulator, HttpMethod method, string path, string? json = null, string? key = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(KeyHeader, key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await SendAsync(emulator, request);
    }

    /// <summary>
    /// Adds one run made of <paramref name="fields"/>, under a fresh id and trigger on the default
    /// scenario's flow_search unless the fields name their own, and returns its id.
    /// </summary>
    public static async Task<string> AddRunAsync(this EmulatorProcess emulator, object fields)
    {
        var run = new JsonObject
        {
            ["id"] = UniqueId("run"),
            ["trigger_id"] = UniqueId("trigger"),
            ["test_flow_id"] = "flow_search",
        };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(fields)!.AsObject())
        {
            run[name] = value?.DeepClone();
        }

        await emulator.Control.AddRunsAsync(new JsonObject { ["runs"] = new JsonArray(run) });
        return run["id"]!.GetValue<string>();
    }

    public static string UniqueId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    private static async Task<ApiResponse> SendAsync(EmulatorProcess emulator, HttpRequestMessage request)
    {
        using var response = await emulator.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers);
    }
}

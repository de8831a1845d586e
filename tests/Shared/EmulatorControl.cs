using System.Net;
using System.Text;
using System.Text.Json;

namespace PantoQa.Testing;

/// <summary>One request the emulator saw, as its request log records it.</summary>
public sealed record LoggedRequest(string RawTarget, int? Status, string? Fault, bool ApiKeyPresent);

/// <summary>A trigger request that took effect, as GET /_emulator/triggered lists it: under the id the trigger is stored under.</summary>
public sealed record TriggeredRequest(string Endpoint, string TriggerId, IReadOnlyList<string> TestRuns);

public sealed record EmulatorStats(long RequestsServed, long FaultsInjected, IReadOnlyDictionary<string, long> FaultsByKind);

/// <summary>
/// The emulator's /_emulator endpoints. They take no key and get no faults, so the tests can
/// steer and inspect the emulator without disturbing what the client under test sees.
/// </summary>
public sealed class EmulatorControl(HttpClient http)
{
    /// <summary>Replaces the fault configuration with <paramref name="config"/> exactly as given; its sequence starts again from request 1.</summary>
    public Task SetFaultsAsync(object config) => SendAsync(HttpMethod.Post, "/_emulator/faults", HttpStatusCode.OK, config);

    /// <summary>Replaces the fault configuration; its sequence starts again from request 1.</summary>
    public Task SetFaultsAsync(double rate, string[] kinds, int? delayMs = null, string? retryAfter = null, string? redirectTo = null, long seed = 0) =>
        SetFaultsAsync(new Dictionary<string, object?>
        {
            ["rate"] = rate,
            ["seed"] = seed,
            ["kinds"] = kinds,
            ["delay_ms"] = delayMs,
            ["retry_after"] = retryAfter,
            ["redirect_to"] = redirectTo,
        });

    public Task ClearFaultsAsync() => SendAsync(HttpMethod.Delete, "/_emulator/faults", HttpStatusCode.NoContent);

    /// <summary>Empties the request log and the stats, so a test counts only its own requests.</summary>
    public Task ResetAsync() => SendAsync(HttpMethod.Post, "/_emulator/reset", HttpStatusCode.NoContent);

    /// <summary>
    /// Replaces how new trigger requests behave (POST /_emulator/trigger-settings): fields left out
    /// take their command-line defaults. Returns the settings in force.
    /// </summary>
    public async Task<JsonElement> SetTriggerSettingsAsync(object settings) =>
        Parse(await SendAsync(HttpMethod.Post, "/_emulator/trigger-settings", HttpStatusCode.OK, settings));

    public async Task<JsonElement> TriggerSettingsAsync() => Parse(await SendAsync(HttpMethod.Get, "/_emulator/trigger-settings", HttpStatusCode.OK));

    /// <summary>Moves the emulator's clock forward (POST /_emulator/clock): runs progress and hidden runs show as if that time had passed.</summary>
    public Task AdvanceClockAsync(TimeSpan by) =>
        SendAsync(HttpMethod.Post, "/_emulator/clock", HttpStatusCode.OK, new Dictionary<string, object> { ["advance_seconds"] = by.TotalSeconds });

    /// <summary>Every trigger request that took effect, oldest first, including those whose answer the client never got.</summary>
    public async Task<IReadOnlyList<TriggeredRequest>> TriggeredAsync()
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/_emulator/triggered"));
        return [.. document.RootElement.EnumerateArray().Select(t => new TriggeredRequest(
            t.GetProperty("endpoint").GetString()!,
            t.GetProperty("trigger_id").GetString()!,
            [.. t.GetProperty("test_runs").EnumerateArray().Select(r => r.GetString()!)]))];
    }

    public Task AddRunsAsync(object fragment) => SendAsync(HttpMethod.Post, "/_emulator/runs", HttpStatusCode.Created, fragment);

    /// <summary>The /api requests in the log, oldest first; control requests are left out.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> ApiRequestsAsync()
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/_emulator/requests"));
        var requests = new List<LoggedRequest>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var target = entry.GetProperty("raw_target").GetString()!;
            if (!target.StartsWith("/api", StringComparison.Ordinal))
            {
                continue;
            }

            var status = entry.GetProperty("status");
            requests.Add(new LoggedRequest(
                target,
                status.ValueKind == JsonValueKind.Number ? status.GetInt32() : null,
                entry.GetProperty("fault").GetString(),
                entry.GetProperty("api_key_present").GetBoolean()));
        }

        return requests;
    }

    public async Task<EmulatorStats> StatsAsync()
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/_emulator/stats"));
        var root = document.RootElement;
        var byKind = root.GetProperty("faults_by_kind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        return new EmulatorStats(root.GetProperty("requests_served").GetInt64(), root.GetProperty("faults_injected").GetInt64(), byKind);
    }

    /// <summary>
    /// Waits until the log holds at least <paramref name="count"/> /api requests: the emulator logs
    /// a request once it is over, which for a dropped or abandoned one is a moment after the client
    /// has moved on.
    /// </summary>
    public Task<IReadOnlyList<LoggedRequest>> ApiRequestsAsync(int count) => ApiRequestsWhenAsync(requests => requests.Count >= count);

    /// <summary>
    /// Waits until the log holds a request that <paramref name="match"/> accepts, for a log that
    /// other tests' requests share; see <see cref="ApiRequestsAsync(int)"/> for why it waits.
    /// </summary>
    public Task<IReadOnlyList<LoggedRequest>> ApiRequestsAsync(Func<LoggedRequest, bool> match) =>
        ApiRequestsWhenAsync(requests => requests.Any(match));

    /// <summary>Waits until the /api requests logged so far satisfy <paramref name="enough"/>, or 10 s.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> ApiRequestsWhenAsync(Func<IReadOnlyList<LoggedRequest>, bool> enough)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var requests = await ApiRequestsAsync();
            if (enough(requests) || DateTime.UtcNow > deadline)
            {
                return requests;
            }

            await Task.Delay(20);
        }
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <returns>The response body.</returns>
    private async Task<string> SendAsync(HttpMethod method, string path, HttpStatusCode expected, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PantoQa.Emulator.Clock;
using PantoQa.Emulator.Faults;
using PantoQa.Emulator.Payloads;
using PantoQa.Emulator.Requests;
using PantoQa.Emulator.Scenario;
using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Endpoints;

/// <summary>
/// The emulator's own endpoints under /_emulator, for tests and scripts. They need no API key,
/// get no faults, and are matched on the exact raw path.
/// </summary>
internal sealed class ControlEndpoints
{
    private readonly Dictionary<string, Dictionary<string, RequestDelegate>> _routes;
    private readonly RunStore _store;
    private readonly EmulatorClock _clock;
    private readonly FaultInjector _faults;
    private readonly ServerStats _stats;
    private readonly RequestLog _log;

    public ControlEndpoints(RunStore store, EmulatorClock clock, FaultInjector faults, ServerStats stats, RequestLog log, TriggerSettingsEndpoint triggerSettings)
    {
        _store = store;
        _clock = clock;
        _faults = faults;
        _stats = stats;
        _log = log;
        _routes = new(StringComparer.Ordinal)
        {
            ["/_emulator/stats"] = new() { ["GET"] = GetStats },
            ["/_emulator/requests"] = new() { ["GET"] = GetRequests },
            ["/_emulator/reset"] = new() { ["POST"] = Reset },
            ["/_emulator/faults"] = new() { ["GET"] = GetFaults, ["POST"] = SetFaults, ["DELETE"] = ClearFaults },
            ["/_emulator/runs"] = new() { ["POST"] = AddRuns },
            ["/_emulator/clock"] = new() { ["GET"] = GetClock, ["POST"] = AdvanceClock },
            ["/_emulator/triggered"] = new() { ["GET"] = GetTriggered },
            ["/_emulator/trigger-settings"] = new() { ["GET"] = triggerSettings.GetAsync, ["POST"] = triggerSettings.SetAsync },
        };
    }

    public bool TryHandle(HttpContext context, string path, out Task handled)
    {
        handled = Task.CompletedTask;
        if (!_routes.TryGetValue(path, out var byMethod))
        {
            return false;
        }

        if (byMethod.TryGetValue(context.Request.Method, out var handler))
        {
            handled = handler(context);
        }
        else
        {
            context.Response.Headers.Allow = string.Join(", ", byMethod.Keys);
            handled = Responses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, ErrorBodies.MethodNotAllowed);
        }

        return true;
    }

    private Task GetStats(HttpContext context)
    {
        var stats = _stats.Snapshot();
        return WriteAsync(context, 200, new StatsBody(stats.RequestsServed, stats.FaultsInjected, stats.MostInFlight, stats.FaultsByKind), ControlJsonContext.Default.StatsBody);
    }

    private Task GetRequests(HttpContext context)
    {
        var entries = _log.Snapshot();
        var body = JsonOutput.Write(entries, static (w, all) =>
        {
            w.WriteStartArray();
            foreach (var entry in all)
            {
                entry.WriteTo(w);
            }

            w.WriteEndArray();
        }, (entries.Count * 160) + 2);
        return Responses.WriteAsync(context, 200, body);
    }

    /// <summary>Clears stats and log, and restarts the fault sequence so a test can count from zero.</summary>
    private Task Reset(HttpContext context)
    {
        _stats.Reset();
        _log.Clear();
        _faults.Restart();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private Task GetFaults(HttpContext context) => WriteFaultConfigAsync(context, _faults.Config);

    private async Task SetFaults(HttpContext context)
    {
        var body = await ReadAsync(context, ControlJsonContext.Default.FaultConfigBody);
        if (body is null)
        {
            return;
        }

        FaultConfig config;
        try
        {
            config = FaultConfig.Create(body.Rate, body.Seed, body.Kinds, body.DelayMs, body.RetryAfter, body.RedirectTo, body.Methods, body.MaxFaults);
        }
        catch (ArgumentException e)
        {
            await WriteErrorAsync(context, 400, e.Message);
            return;
        }

        _faults.Configure(config);
        await WriteFaultConfigAsync(context, config);
    }

    private Task ClearFaults(HttpContext context)
    {
        _faults.Configure(FaultConfig.Off);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private async Task AddRuns(HttpContext context)
    {
        CompiledScenario added;
        try
        {
            var document = await ScenarioSource.ReadAsync(context.Request.Body, context.RequestAborted);
            added = _store.Load(document, _clock.GetUtcNow());
        }
        catch (ScenarioException e)
        {
            await WriteErrorAsync(context, 400, e.Message);
            return;
        }
        catch (ScenarioConflictException e)
        {
            await WriteErrorAsync(context, 409, e.Message);
            return;
        }

        var body = new RunsAddedBody(
            [.. added.Suites.Select(s => s.Id)],
            [.. added.Flows.Select(f => f.Id)],
            [.. added.Triggers.Select(t => t.Id)],
            [.. added.Runs.Select(r => r.Id)],
            added.ApiKeys.Count);
        await WriteAsync(context, 201, body, ControlJsonContext.Default.RunsAddedBody);
    }

    private Task GetTriggered(HttpContext context)
    {
        List<TriggeredBody> triggered = [.. _store.Triggered().Select(t => new TriggeredBody(
            t.Endpoint,
            JsonOutput.FormatTimestamp(t.At),
            t.Trigger.Id,
            [.. t.Trigger.Runs.Select(r => r.Id)]))];
        return WriteAsync(context, 200, triggered, ControlJsonContext.Default.ListTriggeredBody);
    }

    private Task GetClock(HttpContext context) => WriteClockAsync(context);

    private async Task AdvanceClock(HttpContext context)
    {
        var body = await ReadAsync(context, ControlJsonContext.Default.ClockAdvanceBody);
        if (body is null)
        {
            return;
        }

        if (body.AdvanceSeconds is not ({ } seconds and >= 0 and <= 1e9))
        {
            await WriteErrorAsync(context, 400, "advance_seconds must be a number of seconds from 0 up; the clock never goes back.");
            return;
        }

        _clock.Advance(TimeSpan.FromSeconds(seconds));
        await WriteClockAsync(context);
    }

    private Task WriteClockAsync(HttpContext context) =>
        WriteAsync(
            context,
            200,
            new ClockBody(JsonOutput.FormatTimestamp(_clock.GetUtcNow()), _clock.Offset.TotalSeconds),
            ControlJsonContext.Default.ClockBody);

    private static Task WriteFaultConfigAsync(HttpContext context, FaultConfig config)
    {
        var body = new FaultConfigBody
        {
            Rate = config.Rate,
            Seed = config.Seed,
            Kinds = [.. config.Kinds],
            DelayMs = config.DelayMs,
            RetryAfter = config.RetryAfter,
            RedirectTo = config.RedirectTo,
            Methods = config.Methods is { } methods ? [.. methods] : null,
            MaxFaults = config.MaxFaults,
        };
        return WriteAsync(context, 200, body, ControlJsonContext.Default.FaultConfigBody);
    }

    /// <returns>null after answering 400 when the body is not the expected JSON.</returns>
    private static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            if (await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted) is { } body)
            {
                return body;
            }
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, 400, $"The request body is not valid: {e.Message}");
            return null;
        }

        await WriteErrorAsync(context, 400, "The request body must be a JSON object.");
        return null;
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, new ErrorBody(message), ControlJsonContext.Default.ErrorBody);

    // Through JsonOutput's writer so messages keep their quotes instead of \u0027 escapes.
    private static Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type) =>
        Responses.WriteAsync(context, status, JsonOutput.Write((value, type), static (w, s) => JsonSerializer.Serialize(w, s.value, s.type)));
}

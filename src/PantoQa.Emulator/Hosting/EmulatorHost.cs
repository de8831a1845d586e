using PantoQa.Emulator.Clock;
using PantoQa.Emulator.Endpoints;
using PantoQa.Emulator.Faults;
using PantoQa.Emulator.Requests;
using PantoQa.Emulator.Scenario;
using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Hosting;

/// <summary>Loads the scenario, starts Kestrel, and announces the address on stdout.</summary>
public static class EmulatorHost
{
    public static async Task<int> RunAsync(EmulatorOptions options)
    {
        var wallClock = TimeProvider.System;
        var clock = new EmulatorClock(wallClock);
        var store = new RunStore();
        try
        {
            LoadScenario(store, options, clock.GetUtcNow());
        }
        catch (Exception e) when (e is ScenarioException or ScenarioConflictException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot load the scenario: {e.Message}");
            return 2;
        }

        await using var logFile = options.RequestLogPath is { } logPath ? new RequestLogFile(logPath) : null;
        var log = new RequestLog(RequestLog.DefaultCapacity, logFile);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The command line is ours alone; the environment must not switch on developer pages.
            Args = [],
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // stdout belongs to the "listening" line that scripts wait for; logs go to stderr, warnings and up.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        await using var app = builder.Build();
        var stats = new ServerStats();
        var faults = new FaultInjector(options.Faults);
        var responder = new FaultResponder(wallClock, app.Lifetime.ApplicationStopping);
        var dispatcher = new RequestDispatcher(
            new ApiHandler(new ApiEndpoints(store, clock, options.Triggers), faults, responder, stats),
            new ControlEndpoints(store, clock, faults, stats, log));
        var requestLogging = new RequestLogMiddleware(log, wallClock);
        app.Use(requestLogging.InvokeAsync);
        app.Run(dispatcher.HandleAsync);

        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            // A taken port, "localhost:0", an https URL (no certificate here) or a malformed URL.
            await Console.Error.WriteLineAsync($"Cannot listen on {options.Urls}: {e.Message}");
            return 1;
        }

        foreach (var url in app.Urls)
        {
            Console.Out.WriteLine($"listening {url}");
        }

        Console.Out.Flush();
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static void LoadScenario(RunStore store, EmulatorOptions options, DateTimeOffset loadedAt)
    {
        var document = options.ScenarioPath is { } path ? ScenarioSource.ReadFile(path) : ScenarioSource.ReadDefault();
        store.Load(document, loadedAt);
        if (options.BigTriggerRuns > 0)
        {
            store.Add(BigTrigger.Create(options.BigTriggerRuns, loadedAt));
        }

        foreach (var key in options.ApiKeys)
        {
            store.TrustKey(key);
        }
    }
}

using Microsoft.AspNetCore.Connections;
using PantoQa.Emulator.Clock;
using PantoQa.Emulator.Endpoints;
using PantoQa.Emulator.Faults;
using PantoQa.Emulator.Requests;
using PantoQa.Emulator.Scenario;
using PantoQa.Emulator.Store;
using PantoQa.Emulator.Triggers;

namespace PantoQa.Emulator.Hosting;

/// <summary>
/// Loads the scenario, starts Kestrel, and announces the address on stdout; or says in one line
/// on stderr why it cannot.
/// </summary>
public static class EmulatorHost
{
    public static async Task<int> RunAsync(EmulatorOptions options)
    {
        var clock = new EmulatorClock(TimeProvider.System);
        var store = new RunStore();
        try
        {
            LoadScenario(store, options, clock.GetUtcNow());
        }
        catch (Exception e) when (ScenarioProblem(e, options.ScenarioPath) is (var problem, var whatToDo))
        {
            return await StartupError.ReportAsync(StartupError.BadCommandLine, problem, whatToDo);
        }

        RequestLogFile? logFile;
        try
        {
            logFile = options.RequestLogPath is { } logPath ? new RequestLogFile(logPath) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return await StartupError.ReportAsync(
                StartupError.BadCommandLine,
                $"Cannot open the request log {options.RequestLogPath}: {e.Message}",
                "Check the path given to --request-log.");
        }

        await using (logFile)
        {
            return await ServeAsync(options, store, clock, new RequestLog(RequestLog.DefaultCapacity, logFile));
        }
    }

    private static async Task<int> ServeAsync(EmulatorOptions options, RunStore store, EmulatorClock clock, RequestLog log)
    {
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
        // The host logs a failed start with its stack trace; the catch below says it in one line instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

        await using var app = builder.Build();
        var wallClock = TimeProvider.System;
        var stats = new ServerStats();
        var faults = new FaultInjector(options.Faults);
        var triggerSettings = new TriggerSettingsInForce(options.Triggers);
        var responder = new FaultResponder(wallClock, app.Lifetime.ApplicationStopping);
        var dispatcher = new RequestDispatcher(
            new ApiHandler(new ApiEndpoints(store, clock, triggerSettings), faults, responder, stats),
            new ControlEndpoints(store, clock, faults, stats, log, new TriggerSettingsEndpoint(triggerSettings)));
        var requestLogging = new RequestLogMiddleware(log, wallClock);
        app.Use(requestLogging.InvokeAsync);
        app.Run(dispatcher.HandleAsync);

        try
        {
            await app.StartAsync();
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            return await StartupError.ReportAsync(
                StartupError.CannotListen,
                $"Cannot listen on {options.Urls}: the address is already in use.",
                "Stop what holds it, or choose another port with --urls (port 0 picks a free one).");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            // "localhost:0", an https URL (no certificate here) or a malformed URL.
            return await StartupError.ReportAsync(
                StartupError.CannotListen,
                $"Cannot listen on {options.Urls}: {e.Message}",
                "Give --urls http URLs such as http://127.0.0.1:0.");
        }

        foreach (var url in app.Urls)
        {
            Console.Out.WriteLine($"listening {url}");
        }

        Console.Out.Flush();
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <returns>What is wrong and what to do, or null for an exception that is no fault of the scenario.</returns>
    private static (string Problem, string WhatToDo)? ScenarioProblem(Exception e, string? path)
    {
        var which = path is null ? "the built-in scenario" : $"the scenario {path}";
        const string CheckPath = "Check the path given to --scenario.";
        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException => ($"Cannot load {which}: there is no such file.", CheckPath),
            IOException or UnauthorizedAccessException => ($"Cannot load {which}: {e.Message}", CheckPath),
            ScenarioException or ScenarioConflictException =>
                ($"Cannot load {which}: {e.Message}", "Fix the file, or leave out --scenario to use the built-in one."),
            _ => null,
        };
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

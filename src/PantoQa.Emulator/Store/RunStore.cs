using System.Collections.Concurrent;
using PantoQa.Emulator.Scenario;

namespace PantoQa.Emulator.Store;

/// <summary>
/// Everything the emulator serves. Reads are lock-free; additions take a lock so that a
/// scenario fragment lands entirely or not at all. Nothing is ever removed or replaced,
/// which is what lets finished runs and triggers keep their serialized bytes.
/// </summary>
public sealed class RunStore
{
    private readonly ConcurrentDictionary<string, TestSuite> _suites = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TestFlow> _flows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatedRun> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatedTrigger> _triggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey> _apiKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Build> _builds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NamedEntity> _environmentsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NamedEntity> _contextsByName = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private readonly List<TriggeredRecord> _triggered = [];
    private readonly ConcurrentDictionary<string, int> _triggeredRuns = new(StringComparer.Ordinal);

    public EmulatedRun? FindRun(string id) => _runs.GetValueOrDefault(id);

    public EmulatedTrigger? FindTrigger(string id) => _triggers.GetValueOrDefault(id);

    public Build? FindBuild(string id) => _builds.GetValueOrDefault(id);

    public NamedEntity? FindEnvironment(string name) => _environmentsByName.GetValueOrDefault(name);

    public NamedEntity? FindContext(string name) => _contextsByName.GetValueOrDefault(name);

    /// <summary>
    /// The flows a trigger request can start: root flows that carry tags (entries without
    /// them only name scenario runs). In id order, so matches come out the same every time.
    /// </summary>
    public IEnumerable<TestFlow> TriggerableFlows() =>
        _flows.Values.Where(f => f.ParentId is null && f.Tags is not null).OrderBy(f => f.Id, StringComparer.Ordinal);

    /// <summary>The suites a trigger request can start: those that carry tags, in id order.</summary>
    public IEnumerable<TestSuite> TriggerableSuites() =>
        _suites.Values.Where(s => s.Tags is not null).OrderBy(s => s.Id, StringComparer.Ordinal);

    /// <summary>Records what a trigger request started, visible or not yet, for GET /_emulator/triggered.</summary>
    public void AddTriggered(TriggeredRecord record)
    {
        lock (_writeLock)
        {
            Add(new CompiledScenario([], [], [record.Trigger], []));
            _triggered.Add(record);
        }
    }

    /// <summary>
    /// Counts one more triggered run of what <paramref name="key"/> names (an entry on a build
    /// and devices) and returns its number, from 1: which of the entry's schedules it follows.
    /// </summary>
    public int CountTriggeredRun(string key) => _triggeredRuns.AddOrUpdate(key, 1, static (_, n) => n + 1);

    public IReadOnlyList<TriggeredRecord> Triggered()
    {
        lock (_writeLock)
        {
            return [.. _triggered];
        }
    }

    public bool IsKeyValid(string key, DateTimeOffset now) =>
        _apiKeys.TryGetValue(key, out var apiKey) && apiKey.IsValidAt(now);

    /// <summary>Keys from the command line are valid for good, even if the scenario says otherwise.</summary>
    public void TrustKey(string key) => _apiKeys[key] = new ApiKey(key, null);

    /// <summary>Compiles and adds a scenario in one step, so references and conflicts are judged against the same state.</summary>
    public CompiledScenario Load(ScenarioDocument document, DateTimeOffset loadedAt)
    {
        lock (_writeLock)
        {
            var compiler = new ScenarioCompiler(_suites.GetValueOrDefault, _flows.GetValueOrDefault);
            var scenario = compiler.Compile(document, loadedAt);
            Add(scenario);
            return scenario;
        }
    }

    public void Add(CompiledScenario scenario)
    {
        lock (_writeLock)
        {
            RejectTaken("suite", scenario.Suites.Select(s => s.Id), _suites);
            RejectTaken("flow", scenario.Flows.Select(f => f.Id), _flows);
            RejectTaken("trigger", scenario.Triggers.Select(t => t.Id), _triggers);
            RejectTaken("run", scenario.Runs.Select(r => r.Id), _runs);
            RejectTaken("build", (scenario.Builds ?? []).Select(b => b.Id), _builds);
            RejectTaken("environment name", (scenario.Environments ?? []).Select(e => e.Name), _environmentsByName);
            RejectTaken("context name", (scenario.Contexts ?? []).Select(c => c.Name), _contextsByName);
            if (scenario.ApiKeys.Any(k => _apiKeys.ContainsKey(k.Key)))
            {
                throw new ScenarioConflictException("An api key in the scenario is already known.");
            }

            foreach (var suite in scenario.Suites)
            {
                _suites[suite.Id] = suite;
            }

            foreach (var flow in scenario.Flows)
            {
                _flows[flow.Id] = flow;
            }

            foreach (var build in scenario.Builds ?? [])
            {
                _builds[build.Id] = build;
            }

            foreach (var environment in scenario.Environments ?? [])
            {
                _environmentsByName[environment.Name] = environment;
            }

            foreach (var context in scenario.Contexts ?? [])
            {
                _contextsByName[context.Name] = context;
            }

            foreach (var key in scenario.ApiKeys)
            {
                _apiKeys[key.Key] = key;
            }

            foreach (var run in scenario.Runs)
            {
                _runs[run.Id] = run;
            }

            // Triggers last: a reader who finds a trigger also finds every run of it.
            foreach (var trigger in scenario.Triggers)
            {
                _triggers[trigger.Id] = trigger;
            }
        }
    }

    private static void RejectTaken<T>(string kind, IEnumerable<string> ids, ConcurrentDictionary<string, T> existing)
    {
        var taken = ids.Where(existing.ContainsKey).ToList();
        if (taken.Count > 0)
        {
            throw new ScenarioConflictException($"The emulator already has {kind} id(s): {string.Join(", ", taken)}.");
        }
    }
}

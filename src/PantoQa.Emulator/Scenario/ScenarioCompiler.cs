using PantoQa.Emulator.Status;
using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Scenario;

/// <summary>
/// Checks a scenario document and turns it into runs with their names resolved.
/// Suites and flows may come from the document itself or from what the emulator already holds,
/// so a runtime fragment can reuse the default scenario's flows.
/// </summary>
public sealed class ScenarioCompiler(
    Func<string, TestSuite?> existingSuite,
    Func<string, TestFlow?> existingFlow)
{
    public CompiledScenario Compile(ScenarioDocument document, DateTimeOffset loadedAt)
    {
        var suites = Unique(document.Suites, "suites", "id", s => s.Id)
            .Select((s, i) => new TestSuite(
                s.Id!,
                Required(s.Name, $"suites[{i}].name"),
                CompileTags(s.Tags, $"suites[{i}].tags"),
                TriggeredSchedules(s.Schedule, s.Schedules, $"suites[{i}]")))
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        var flows = Unique(document.Flows, "flows", "id", f => f.Id)
            .Select((f, i) => new TestFlow(
                f.Id!,
                Required(f.Name, $"flows[{i}].name"),
                f.ParentId,
                CompileTags(f.Tags, $"flows[{i}].tags"),
                TriggeredSchedules(f.Schedule, f.Schedules, $"flows[{i}]")))
            .ToDictionary(f => f.Id, StringComparer.Ordinal);

        foreach (var flow in flows.Values)
        {
            if (flow.ParentId is { } parent && FindFlow(flows, parent) is null)
            {
                throw new ScenarioException($"Flow '{flow.Id}' has parent_id '{parent}', which is no known flow.");
            }

            // Only root flows can be triggered, so tags or a schedule anywhere else would be a silent no-op.
            if (flow.ParentId is not null && (flow.Tags is not null || flow.TriggeredSchedules is not null))
            {
                throw new ScenarioException($"Flow '{flow.Id}' has a parent: only root flows are triggered, so only they take tags and a schedule.");
            }
        }

        foreach (var flow in flows.Values)
        {
            RootOf(flow, flows);
        }

        var runs = Unique(document.Runs, "runs", "id", r => r.Id)
            .Select((r, i) => CompileRun(r, $"runs[{i}]", suites, flows, loadedAt))
            .ToList();
        var servedStatuses = CompileServedStatuses(document.Triggers, runs);
        var triggers = runs
            .GroupBy(r => r.TriggerId, StringComparer.Ordinal)
            .Select(g => new EmulatedTrigger(g.Key, [.. g]) { ServedStatus = servedStatuses.GetValueOrDefault(g.Key) })
            .ToList();
        var keys = Unique(document.ApiKeys, "api_keys", "key", k => k.Key)
            .Select(k => new ApiKey(k.Key!, k.ExpiresAt))
            .ToList();
        var builds = Unique(document.Builds, "builds", "id", b => b.Id)
            .Select(b => new Build(b.Id!, b.TestFramework))
            .ToList();

        return new CompiledScenario(
            [.. suites.Values],
            [.. flows.Values],
            triggers,
            keys,
            builds,
            CompileNamed(document.Environments, "environments"),
            CompileNamed(document.Contexts, "contexts"));
    }

    private static List<NamedEntity> CompileNamed(List<NamedDefinition>? items, string where)
    {
        var named = Unique(items, where, "id", e => e.Id)
            .Select((e, i) => new NamedEntity(e.Id!, Required(e.Name, $"{where}[{i}].name")))
            .ToList();
        // Requests name them, so a name must lead to one entry only.
        _ = Unique(named, where, "name", e => e.Name).Count();
        return named;
    }

    private static Dictionary<string, ServedAggregate> CompileServedStatuses(List<TriggerDefinition>? triggers, List<EmulatedRun> runs)
    {
        var served = new Dictionary<string, ServedAggregate>(StringComparer.Ordinal);
        var runTriggerIds = runs.Select(r => r.TriggerId).ToHashSet(StringComparer.Ordinal);
        var index = 0;
        foreach (var trigger in Unique(triggers, "triggers", "id", t => t.Id))
        {
            var where = $"triggers[{index++}]";
            // Loaded triggers never change, so only this document's runs can make the trigger it describes.
            if (!runTriggerIds.Contains(trigger.Id!))
            {
                throw new ScenarioException($"{where}.id '{trigger.Id}' is the trigger_id of none of this document's runs.");
            }

            try
            {
                served[trigger.Id!] = (trigger.Status is { } status ? ServedAggregate.FromJson(status, $"{where}.status") : null)
                    ?? throw new ScenarioException($"{where}.status is required.");
            }
            catch (ArgumentException e)
            {
                throw new ScenarioException(e.Message);
            }
        }

        return served;
    }

    private static TagSet? CompileTags(Dictionary<string, List<string>>? tags, string where)
    {
        if (tags is null)
        {
            return null;
        }

        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, list) in tags)
        {
            if (string.IsNullOrEmpty(name) || list is null || list.Any(string.IsNullOrEmpty))
            {
                throw new ScenarioException($"{where} needs a non-empty name and a list of non-empty values for every tag.");
            }

            values[name] = [.. list];
        }

        return new TagSet(values);
    }

    private static List<IReadOnlyList<ScheduleStep>>? TriggeredSchedules(List<StepDefinition>? schedule, List<List<StepDefinition>>? schedules, string where)
    {
        if (schedules is null)
        {
            return schedule is null ? null : [CompileSteps(schedule, $"{where}.schedule")];
        }

        if (schedule is not null)
        {
            throw new ScenarioException($"{where} has both a schedule and schedules: give one.");
        }

        if (schedules.Count == 0)
        {
            throw new ScenarioException($"{where}.schedules is empty: give at least one schedule, or leave it out.");
        }

        return [.. schedules.Select((steps, n) => (IReadOnlyList<ScheduleStep>)CompileSteps(
            steps ?? throw new ScenarioException($"{where}.schedules[{n}] is null: give a list of steps."),
            $"{where}.schedules[{n}]"))];
    }

    private EmulatedRun CompileRun(
        RunDefinition run,
        string where,
        Dictionary<string, TestSuite> suites,
        Dictionary<string, TestFlow> flows,
        DateTimeOffset loadedAt)
    {
        var triggerId = Required(run.TriggerId, $"{where}.trigger_id");
        var naming = ResolveNaming(run, where, suites, flows);
        var devices = (run.TargetDeviceList ?? [])
            .Select(d => new TargetDevice(d.Platform, d.DeviceName?.ToLowerInvariant(), d.PlatformVersion))
            .ToList();
        var timestamps = new RunTimestamps(
            run.CreatedAt ?? loadedAt,
            run.RunnerCreateTimestamp ?? loadedAt,
            run.RunnerStartTimestamp,
            run.RunnerEndTimestamp);

        return new EmulatedRun(
            run.Id!,
            triggerId,
            naming,
            new RunMetadata(run.TestFramework, run.ContextId, run.EnvId, run.BuildFileId),
            devices,
            loadedAt,
            timestamps,
            CompileSchedule(run, where));
    }

    private RunNaming ResolveNaming(
        RunDefinition run,
        string where,
        Dictionary<string, TestSuite> suites,
        Dictionary<string, TestFlow> flows)
    {
        TestFlow? flow = null;
        if (run.TestFlowId is { } flowId)
        {
            flow = FindFlow(flows, flowId)
                ?? throw new ScenarioException($"{where}.test_flow_id '{flowId}' is no known flow.");
        }

        if (run.TestSuiteId is { } suiteId)
        {
            var suite = (suites.GetValueOrDefault(suiteId) ?? existingSuite(suiteId))
                ?? throw new ScenarioException($"{where}.test_suite_id '{suiteId}' is no known suite.");
            return new RunNaming(suite.Name, flow?.Id, suite.Id);
        }

        if (flow is null)
        {
            throw new ScenarioException($"{where} needs a test_suite_id or a test_flow_id to be named from.");
        }

        var root = RootOf(flow, flows);
        return new RunNaming(root.Name, root.Id, null);
    }

    private TestFlow RootOf(TestFlow flow, Dictionary<string, TestFlow> flows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { flow.Id };
        while (flow.ParentId is { } parentId)
        {
            // Parents were checked to exist when the flows were read.
            flow = FindFlow(flows, parentId)!;
            if (!seen.Add(flow.Id))
            {
                throw new ScenarioException($"Flow '{flow.Id}' is its own ancestor.");
            }
        }

        return flow;
    }

    private TestFlow? FindFlow(Dictionary<string, TestFlow> flows, string id) =>
        flows.GetValueOrDefault(id) ?? existingFlow(id);

    private static List<ScheduleStep> CompileSchedule(RunDefinition run, string where)
    {
        if (run.Schedule is null)
        {
            var status = run.Status
                ?? throw new ScenarioException($"{where} needs either a status or a schedule.");
            return [new ScheduleStep(status, run.Remark, TimeSpan.Zero)];
        }

        if (run.Status is not null || run.Remark is not null)
        {
            throw new ScenarioException($"{where} has a schedule: give status and remark in its steps instead.");
        }

        return CompileSteps(run.Schedule, $"{where}.schedule");
    }

    private static List<ScheduleStep> CompileSteps(List<StepDefinition> schedule, string where)
    {
        if (schedule.Count == 0)
        {
            throw new ScenarioException($"{where} is empty.");
        }

        var steps = new List<ScheduleStep>(schedule.Count);
        var startsAfter = TimeSpan.Zero;
        for (var i = 0; i < schedule.Count; i++)
        {
            var step = schedule[i];
            var stepWhere = $"{where}[{i}]";
            var status = Required(step.Status, $"{stepWhere}.status");
            var isLast = i == schedule.Count - 1;
            if (isLast && step.Seconds is not null)
            {
                throw new ScenarioException($"{stepWhere} is the final state and lasts forever: drop its seconds.");
            }

            if (!isLast)
            {
                if (step.Seconds is not ({ } seconds and > 0))
                {
                    throw new ScenarioException($"{stepWhere}.seconds must be a positive number.");
                }

                // A real run never leaves a final state; a schedule that does would be no test of a client.
                if (StatusRules.IsTerminal(status))
                {
                    throw new ScenarioException($"{stepWhere}: terminal status '{status}' may only be the last step.");
                }
            }

            steps.Add(new ScheduleStep(status, step.Remark, startsAfter));
            startsAfter += TimeSpan.FromSeconds(step.Seconds ?? 0);
        }

        return steps;
    }

    private static IEnumerable<T> Unique<T>(List<T>? items, string where, string field, Func<T, string?> id)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            var value = id(item);
            if (string.IsNullOrEmpty(value))
            {
                throw new ScenarioException($"{where}[{i}] needs a non-empty {field}.");
            }

            if (!seen.Add(value))
            {
                // Named by position only: the value may be an API key.
                throw new ScenarioException($"{where}[{i}] repeats the {field} of an earlier entry.");
            }

            yield return item;
        }
    }

    private static string Required(string? value, string where) =>
        string.IsNullOrEmpty(value) ? throw new ScenarioException($"{where} is required.") : value;
}

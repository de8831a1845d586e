using System.Text;
using System.Text.Json;
using PantoQa.Emulator.Endpoints;
using PantoQa.Emulator.Payloads;
using PantoQa.Emulator.Status;
using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Triggers;

/// <summary>
/// POST test-flow/trigger and testsuite/trigger, after the route and key checks: validate the
/// body (422), look up build, environment and context (404), match the catalog (404), then
/// create one run per match, each on every device, under one new trigger id.
/// </summary>
internal sealed class TriggerEndpoint(RunStore store, TriggerSettingsInForce settingsInForce)
{
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText TestRuns = JsonEncodedText.Encode("test_runs");
    private static readonly JsonEncodedText TriggerId = JsonEncodedText.Encode("trigger_id");

    // A run triggered from a catalog entry without a schedule of its own: queued, running, passed.
    private static readonly ScheduleStep[] DefaultSchedule =
    [
        new(StatusRules.Queued, null, TimeSpan.Zero),
        new(StatusRules.InProcess, null, TimeSpan.FromSeconds(1)),
        new(StatusRules.Passed, null, TimeSpan.FromSeconds(3)),
    ];

    public ApiAnswer Answer(TriggerTarget target, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var (request, problems) = TriggerRequestReader.Read(body);
        if (request is null)
        {
            return new ApiAnswer(StatusCodes.Status422UnprocessableEntity, ValidationProblem.Body(problems));
        }

        if (store.FindBuild(request.AppId) is not { } build)
        {
            return new ApiAnswer(StatusCodes.Status404NotFound, ErrorBodies.BuildNotFound);
        }

        NamedEntity? environment = null;
        if (request.EnvName is { } envName && (environment = store.FindEnvironment(envName)) is null)
        {
            return new ApiAnswer(StatusCodes.Status404NotFound, ErrorBodies.EnvironmentNotFound);
        }

        NamedEntity? context = null;
        if (request.ContextName is { } contextName && (context = store.FindContext(contextName)) is null)
        {
            return new ApiAnswer(StatusCodes.Status404NotFound, ErrorBodies.ContextNotFound);
        }

        var matches = target == TriggerTarget.Flows
            ? store.TriggerableFlows()
                .Where(f => request.Selector.Matches(f.Name, f.Tags, nameIsATag: true))
                .Select(f => (Naming: new RunNaming(f.Name, f.Id, null), Schedules: f.TriggeredSchedules))
                .ToList()
            : store.TriggerableSuites()
                .Where(s => request.Selector.Matches(s.Name, s.Tags, nameIsATag: false))
                .Select(s => (Naming: new RunNaming(s.Name, null, s.Id), Schedules: s.TriggeredSchedules))
                .ToList();
        if (matches.Count == 0)
        {
            return new ApiAnswer(
                StatusCodes.Status404NotFound,
                target == TriggerTarget.Flows ? ErrorBodies.NoFlowsMatched : ErrorBodies.NoSuitesMatched);
        }

        // Read once, so a request meets one set of settings however they change meanwhile.
        var settings = settingsInForce.Current;
        var triggerId = "trigger_" + Guid.NewGuid().ToString("N");
        var servedTriggerId = settings.RunTriggerId ?? triggerId;
        var visibleFrom = now + settings.VisibilityDelay;
        var metadata = new RunMetadata(build.TestFramework ?? "appium", context?.Id, environment?.Id, build.Id);
        var devices = request.Devices
            .Select(d => new TargetDevice(d.Platform, d.DeviceName.ToLowerInvariant(), d.PlatformVersion))
            .ToList();
        var runs = matches
            .Select(m => new EmulatedRun(
                "testrun_" + Guid.NewGuid().ToString("N"),
                servedTriggerId,
                m.Naming,
                metadata,
                devices,
                now,
                new RunTimestamps(now, now, null, null),
                Schedule(m.Schedules, target, m.Naming, build.Id, devices)) { VisibleFrom = visibleFrom })
            .ToList();
        store.AddTriggered(new TriggeredRecord(
            target == TriggerTarget.Flows ? "test-flow" : "testsuite",
            now,
            new EmulatedTrigger(triggerId, runs) { VisibleFrom = visibleFrom, ServedStatus = settings.AggregateStatus }));

        var what = target == TriggerTarget.Flows ? "test flow(s)" : "test suite(s)";
        var response = (Message: $"Triggered {runs.Count} {what} matched.", Runs: runs, TriggerId: settings.IdInResponse ? servedTriggerId : null);
        return new ApiAnswer(StatusCodes.Status200OK, JsonOutput.Write(response, static (w, r) =>
        {
            w.WriteStartObject();
            w.WriteString(Message, r.Message);
            w.WriteStartArray(TestRuns);
            foreach (var run in r.Runs)
            {
                w.WriteStringValue(run.Id);
            }

            w.WriteEndArray();
            if (r.TriggerId is { } id)
            {
                w.WriteString(TriggerId, id);
            }

            w.WriteEndObject();
        }));
    }

    // The nth run of an entry on one build and one device list follows its nth schedule, the
    // last one for every later run: so a scenario can have a flow that fails on its first run
    // and passes when it is started again, the way a flaky test does, for each build and
    // device list on its own, so tests that use other devices never see each other's runs.
    private IReadOnlyList<ScheduleStep> Schedule(
        IReadOnlyList<IReadOnlyList<ScheduleStep>>? schedules, TriggerTarget target, RunNaming naming, string buildId, List<TargetDevice> devices)
    {
        if (schedules is null)
        {
            return DefaultSchedule;
        }

        var key = new StringBuilder();
        foreach (var part in devices.SelectMany(d => new[] { d.Platform, d.DeviceName, d.PlatformVersion })
            .Prepend(buildId).Prepend(naming.SuiteId ?? naming.FlowId).Prepend(target.ToString()))
        {
            // Length-prefixed, so no name can imitate a separator.
            key.Append(part is null ? "-" : part.Length + ":" + part).Append(';');
        }

        int nth = store.CountTriggeredRun(key.ToString());
        return schedules[Math.Min(nth, schedules.Count) - 1];
    }
}

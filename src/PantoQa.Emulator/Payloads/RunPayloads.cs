using System.Text.Json;
using PantoQa.Emulator.Status;
using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Payloads;

/// <summary>
/// The two success payloads, field for field in the API document's order. A run or trigger
/// that reached its final state is serialized once and served from bytes from then on:
/// benchmarks fetch the 10,000-run trigger and thousands of single runs over and over.
/// </summary>
internal static class RunPayloads
{
    private static readonly JsonEncodedText TestRun = JsonEncodedText.Encode("test_run");
    private static readonly JsonEncodedText TestRuns = JsonEncodedText.Encode("test_runs");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText TestFramework = JsonEncodedText.Encode("test_framework");
    private static readonly JsonEncodedText ContextId = JsonEncodedText.Encode("context_id");
    private static readonly JsonEncodedText EnvId = JsonEncodedText.Encode("env_id");
    private static readonly JsonEncodedText BuildFileId = JsonEncodedText.Encode("build_file_id");
    private static readonly JsonEncodedText RunnerCreate = JsonEncodedText.Encode("runner_create_timestamp");
    private static readonly JsonEncodedText RunnerStart = JsonEncodedText.Encode("runner_start_timestamp");
    private static readonly JsonEncodedText RunnerEnd = JsonEncodedText.Encode("runner_end_timestamp");
    private static readonly JsonEncodedText RunnerStatus = JsonEncodedText.Encode("runner_status");
    private static readonly JsonEncodedText Remark = JsonEncodedText.Encode("remark");
    private static readonly JsonEncodedText TestRunName = JsonEncodedText.Encode("test_run_name");
    private static readonly JsonEncodedText TestFlowId = JsonEncodedText.Encode("test_flow_id");
    private static readonly JsonEncodedText TestSuiteId = JsonEncodedText.Encode("test_suite_id");
    private static readonly JsonEncodedText TargetDeviceList = JsonEncodedText.Encode("target_device_list");
    private static readonly JsonEncodedText Platform = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText DeviceName = JsonEncodedText.Encode("device_name");
    private static readonly JsonEncodedText PlatformVersion = JsonEncodedText.Encode("platform_version");
    private static readonly JsonEncodedText TriggerId = JsonEncodedText.Encode("trigger_id");

    public static byte[] RunResponse(EmulatedRun run, DateTimeOffset now)
    {
        if (run.FinalEnvelopeJson is { } cached)
        {
            return cached;
        }

        var state = run.StateAt(now);
        var runJson = RunJson(run, state);
        var body = JsonOutput.Write(runJson, static (w, json) =>
        {
            w.WriteStartObject();
            w.WritePropertyName(TestRun);
            w.WriteRawValue(json, skipInputValidation: true);
            w.WriteEndObject();
        }, runJson.Length + 16);

        if (state.IsFinal)
        {
            run.FinalEnvelopeJson = body;
        }

        return body;
    }

    public static byte[] TriggerResponse(EmulatedTrigger trigger, DateTimeOffset now)
    {
        if (trigger.FinalResponseJson is { } cached)
        {
            return cached;
        }

        var runs = trigger.Runs;
        var states = new RunState[runs.Count];
        var allFinal = true;
        for (var i = 0; i < runs.Count; i++)
        {
            states[i] = runs[i].StateAt(now);
            allFinal &= states[i].IsFinal;
        }

        // The served status is fixed when the trigger is created, so the bytes cached below stay true.
        var computed = StatusRules.Aggregate(states.Select(s => s.Step.Status));
        var status = trigger.ServedStatus?.Serve(computed) ?? computed;
        var runJsons = new byte[runs.Count][];
        var size = 64;
        for (var i = 0; i < runs.Count; i++)
        {
            runJsons[i] = RunJson(runs[i], states[i]);
            size += runJsons[i].Length + 1;
        }

        var body = JsonOutput.Write((runJsons, status), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray(TestRuns);
            foreach (var json in s.runJsons)
            {
                w.WriteRawValue(json, skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WriteString(StatusName, s.status);
            w.WriteEndObject();
        }, size);

        if (allFinal)
        {
            trigger.FinalResponseJson = body;
        }

        return body;
    }

    private static byte[] RunJson(EmulatedRun run, RunState state)
    {
        if (run.FinalRunJson is { } cached)
        {
            return cached;
        }

        var json = JsonOutput.Write((run, state), static (w, s) => WriteRun(w, s.run, s.state), 768);
        if (state.IsFinal)
        {
            run.FinalRunJson = json;
        }

        return json;
    }

    private static void WriteRun(Utf8JsonWriter w, EmulatedRun run, RunState state)
    {
        w.WriteStartObject();
        w.WriteString(Id, run.Id);
        JsonOutput.WriteTimestamp(w, CreatedAt, run.Timestamps.CreatedAt);
        w.WriteString(TestFramework, run.Metadata.TestFramework);
        w.WriteString(ContextId, run.Metadata.ContextId);
        w.WriteString(EnvId, run.Metadata.EnvId);
        w.WriteString(BuildFileId, run.Metadata.BuildFileId);
        JsonOutput.WriteTimestamp(w, RunnerCreate, run.Timestamps.RunnerCreate);
        JsonOutput.WriteTimestamp(w, RunnerStart, state.StartedAt);
        JsonOutput.WriteTimestamp(w, RunnerEnd, state.EndedAt);
        w.WriteString(RunnerStatus, state.Step.Status);
        w.WriteString(Remark, state.Step.Remark);
        w.WriteString(TestRunName, run.Naming.Name);
        w.WriteString(TestFlowId, run.Naming.FlowId);
        w.WriteString(TestSuiteId, run.Naming.SuiteId);
        w.WriteStartArray(TargetDeviceList);
        foreach (var device in run.Devices)
        {
            w.WriteStartObject();
            w.WriteString(Platform, device.Platform);
            w.WriteString(DeviceName, device.DeviceName);
            w.WriteString(PlatformVersion, device.PlatformVersion);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString(TriggerId, run.TriggerId);
        w.WriteEndObject();
    }
}

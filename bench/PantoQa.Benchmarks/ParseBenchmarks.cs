using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PantoQa.Client.Http;
using PantoQa.Client.Json;
using PantoQa.Client.Models;

namespace PantoQa.Benchmarks;

/// <summary>GET test-run/{id} on the client's own path: one run, about 600 bytes, through its source-generated JSON context.</summary>
[MemoryDiagnoser]
public class RunParseBenchmarks
{
    private byte[] _run = [];

    [GlobalSetup]
    public void Setup() => _run = Payloads.RunBody();

    [Benchmark]
    public TestRun? OneRun() => JsonSerializer.Deserialize(_run, PantoJsonContext.Default.TestRunBody)!.test_run;
}

/// <summary>
/// A trigger's body into objects, both ways the cmdlets read it: the whole body at once
/// (-Summary, Wait-PantoTrigger) and run by run (Get-PantoTriggerRuns).
/// </summary>
[MemoryDiagnoser]
public class TriggerParseBenchmarks
{
    private const string TriggerPath = "/api/v1/qa/external/test-runs-by-trigger/big";
    private byte[] _trigger = [];
    private ResponseSnapshot _triggerSnapshot = null!;

    [Params(10_000)]
    public int Runs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _trigger = Payloads.TriggerBody(Runs);
        _triggerSnapshot = new ResponseSnapshot("GET", HttpStatusCode.OK, "application/json", _trigger, _trigger.Length, null, attempt: 1);
    }

    /// <summary>A whole trigger body into one TriggerResult, as -Summary and Wait-PantoTrigger read it.</summary>
    [Benchmark]
    public int TriggerWhole() => PantoClient.OpenTriggerRuns(_triggerSnapshot, TriggerPath, "big").ToResult().test_runs.Length;

    /// <summary>Only the shape check that comes before the first run is handed out.</summary>
    [Benchmark]
    public int TriggerShapeCheck() => PantoClient.OpenTriggerRuns(_triggerSnapshot, TriggerPath, "big").Count;

    /// <summary>The shape check and every run, one object at a time, as Get-PantoTriggerRuns reads it.</summary>
    [Benchmark]
    public int TriggerStreamed()
    {
        int failed = 0;
        foreach (var run in PantoClient.OpenTriggerRuns(_triggerSnapshot, TriggerPath, "big"))
        {
            if (run.runner_status == RunStatus.Failed)
            {
                failed++;
            }
        }

        return failed;
    }
}

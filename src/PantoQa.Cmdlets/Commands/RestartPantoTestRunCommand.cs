using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PantoQa.Client.Http;
using PantoQa.Client.Models;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Parameters;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>
/// Starts the flows of the runs given again, each on its own build and devices, in the fewest
/// flow trigger requests that stay exact; suite runs are refused.
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "PantoTestRun", DefaultParameterSetName = RunSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType("PantoQa.TriggerStart", "PantoQa.TriggerResult", "PantoQa.RetrySummary")]
public sealed class RestartPantoTestRunCommand : TriggerSendingCmdlet
{
    private const string RunSet = "Run";
    private const string IdSet = "Id";

    // RestartRun objects, typed object so that importing the module does not load the client.
    private readonly List<object> _given = new List<object>();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RunSet)]
    public PSObject[] InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [Alias("TestRunId", "test_run_id")]
    [IdTransformation(IdKind.TestRun)]
    [ValidateId]
    public string[] Id { get; set; } = null!;

    [Parameter]
    [ValidateRange(0, 5)]
    public int RetryFailed { get; set; }

    private protected override int RetryLimit => RetryFailed;

    // Pipeline thread, as are all the methods below. Runs are collected first, so that the
    // runs of many records share requests.
    protected override void ProcessRecord()
    {
        if (ParameterSetName == IdSet)
        {
            foreach (string id in Id)
            {
                Fetch(id);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            if (item is null)
            {
                continue;
            }

            if (item.BaseObject is string id)
            {
                // A run id, as Get-PantoTestRun takes it from the pipeline.
                if (ApiPaths.Validate(id) is { } problem)
                {
                    WriteError(NotARun(item, $"'{id}' is not a run id that can be sent: {problem}"));
                }
                else
                {
                    Fetch(id);
                }

                continue;
            }

            if (RestartInput.Read(item) is { } run)
            {
                _given.Add(run);
            }
            else
            {
                WriteError(NotARun(item, $"A {item.TypeNames.FirstOrDefault() ?? "value"} is not a test run"));
            }
        }
    }

    private protected override void SendAtEnd() => Restart(RestartPlan.For(_given.Cast<RestartRun>()));

    private void Fetch(string id)
    {
        var fetching = Client.GetTestRunAsync(id, StopToken, Observer);
        Await(fetching);
        if (FinishedTask.TryGet(fetching, out var run, out var failure))
        {
            _given.Add(RestartRun.From(run));
        }
        else
        {
            WriteApiError(failure!, "Test run", id);
        }
    }

    private static ErrorRecord NotARun(PSObject item, string problem) => ErrorRecords.Record(
        new ArgumentException(problem + "."),
        "InvalidRestartInput",
        ErrorCategory.InvalidArgument,
        item,
        $"{problem}, so nothing was restarted for it. Pipe test runs, such as Get-PantoTriggerRuns <trigger id> | Where-Object runner_status -ne passed, the test_runs of a trigger result, or run ids.");
}

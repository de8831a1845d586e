using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;
using PantoQa.Client.Json;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Parameters;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>Gets every run a trigger created, or with -Summary one result per trigger.</summary>
[Cmdlet(VerbsCommon.Get, "PantoTriggerRuns", DefaultParameterSetName = RunsSet)]
[OutputType("PantoQa.TestRun", ParameterSetName = new[] { RunsSet })]
[OutputType("PantoQa.TriggerResult", ParameterSetName = new[] { SummarySet })]
public sealed class GetPantoTriggerRunsCommand : OrderedFetchCmdlet
{
    private const string RunsSet = "Runs";
    private const string SummarySet = "Summary";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("trigger_id")]
    [IdTransformation(IdKind.Trigger)]
    [ArgumentCompleter(typeof(TriggerIdCompleter))]
    [ValidateId]
    public string[] TriggerId { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    // With -Summary, a trigger is read and written once per call, however many of its runs
    // are piped in, as Wait-PantoTrigger does; without it, each id asked for is listed.
    private readonly HashSet<string> _summarized = new HashSet<string>(StringComparer.Ordinal);

    protected override string[] InputIds => Summary ? TriggerId.Where(_summarized.Add).ToArray() : TriggerId;

    protected override string What => "Trigger";

    protected override async Task<Action> FetchAsync(string id, CancellationToken stopping)
    {
        if (Summary)
        {
            var result = await Client.GetTriggerRunsAsync(id, stopping, Observer).ConfigureAwait(false);
            return () => WriteObject(RunOutput.ForPipeline(result));
        }

        // Without -Summary the runs become objects only as they are written, so a big
        // trigger's runs never sit in memory all at once.
        var runs = await Client.ReadTriggerRunsAsync(id, stopping, Observer).ConfigureAwait(false);
        return () => WriteRuns(runs);
    }

    // Pipeline thread.
    private void WriteRuns(TriggerRunReader runs)
    {
        try
        {
            foreach (var run in runs)
            {
                WriteObject(RunOutput.ForPipeline(run));
            }
        }
        catch (PantoApiException failure)
        {
            // A run of the wrong shape: the runs before it are out, the trigger's error says why the rest are not.
            WriteApiError(failure, What, runs.TriggerId);
        }
    }
}

using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Parameters;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>Gets test runs by id, in input order, fetching several at once.</summary>
[Cmdlet(VerbsCommon.Get, "PantoTestRun")]
[OutputType("PantoQa.TestRun")]
public sealed class GetPantoTestRunCommand : OrderedFetchCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("TestRunId", "test_run_id", "test_runs")]
    [IdTransformation(IdKind.TestRun)]
    [ValidateId]
    public string[] Id { get; set; } = null!;

    protected override string[] InputIds => Id;

    protected override string What => "Test run";

    protected override async Task<Action> FetchAsync(string id, CancellationToken stopping)
    {
        var run = await Client.GetTestRunAsync(id, stopping, Observer).ConfigureAwait(false);
        return () => WriteObject(RunOutput.ForPipeline(run));
    }
}

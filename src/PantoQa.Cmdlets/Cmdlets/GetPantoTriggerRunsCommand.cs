using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets
{
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
        [ValidateId]
        public string[] TriggerId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
        public SwitchParameter Summary { get; set; }

        protected override string[] InputIds => TriggerId;

        protected override string What => "Trigger";

        protected override async Task<object> FetchAsync(string id, CancellationToken stopping) =>
            await Client.GetTriggerRunsAsync(id, stopping, Observer).ConfigureAwait(false);

        protected override void Emit(object value)
        {
            var result = (TriggerResult)value;
            if (Summary)
            {
                WriteObject(RunOutput.ForPipeline(result));
                return;
            }

            foreach (var run in result.test_runs)
            {
                WriteObject(RunOutput.ForPipeline(run));
            }
        }
    }
}

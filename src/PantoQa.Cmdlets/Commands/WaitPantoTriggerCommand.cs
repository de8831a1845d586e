using System.Management.Automation;
using PantoQa.Cmdlets.Parameters;
using PantoQa.Cmdlets.Pipeline;

namespace PantoQa.Cmdlets;

/// <summary>
/// Waits for triggers until each is final, writing each result the moment it is. The
/// waiting itself, and its parameters, are shared with every cmdlet that waits.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "PantoTrigger")]
[OutputType("PantoQa.TriggerResult")]
public sealed class WaitPantoTriggerCommand : TriggerWaitCmdlet
{
    private TriggerWait? _wait;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("trigger_id")]
    [IdTransformation(IdKind.Trigger)]
    [ArgumentCompleter(typeof(TriggerIdCompleter))]
    [ValidateId]
    public string[] TriggerId { get; set; } = null!;

    // Pipeline thread, as are all the methods below.
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _wait = NewTriggerWait();
    }

    protected override void ProcessRecord()
    {
        foreach (string id in TriggerId)
        {
            _wait!.Add(id);
        }
    }

    protected override void EndProcessing() => _wait!.Run();
}

using System.Management.Automation;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets;

/// <summary>Forgets this runspace's key and closes its connections.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "PantoQa")]
[OutputType(typeof(void))]
public sealed class DisconnectPantoQaCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        WriteVerbose(SessionStore.Disconnect()
            ? "Forgot the Panto QA key of this session."
            : "No Panto QA key was connected in this session; PANTO_API_KEY, if set, still applies.");
    }
}

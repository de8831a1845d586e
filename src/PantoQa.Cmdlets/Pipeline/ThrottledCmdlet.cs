using System.Management.Automation;
using PantoQa.Cmdlets.Parameters;

namespace PantoQa.Cmdlets.Pipeline;

/// <summary>
/// A cmdlet with requests in flight at once: fetching many ids, or polling many triggers. It
/// declares -ThrottleLimit once, so its range and default cannot differ between the cmdlets
/// that take it; PowerShell binds only a cmdlet's own or inherited properties, which is why
/// this is a base class and not a shared parameter object.
/// </summary>
public abstract class ThrottledCmdlet : PantoCmdlet
{
    /// <summary>Requests in flight at once; what they are (fetches, polls) is the subclass's.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Defaults.ThrottleLimit;
}

using System.Management.Automation;

namespace PantoQa.Cmdlets.Output;

/// <summary>
/// Gives an output object the type name users see: PantoQa.TestRun rather than the .NET
/// name PantoQa.Client.Models.TestRun. Format views, Get-Member, PSTypeNames and
/// Export-Clixml (Deserialized.PantoQa.TestRun) all read the first entry.
/// </summary>
internal static class ShortTypeName
{
    private const string Prefix = "PantoQa.";

    /// <summary>Wraps the object (or reuses its wrapper) and puts PantoQa.&lt;class&gt; first.</summary>
    internal static PSObject Apply(object model)
    {
        var wrapped = PSObject.AsPSObject(model);
        string name = Prefix + wrapped.BaseObject.GetType().Name;
        // PowerShell keeps the type names of a wrapped .NET object with the object, so an item
        // of a nested array (target_device_list) shows the name when it is read later.
        if (wrapped.TypeNames.Count == 0 || wrapped.TypeNames[0] != name)
        {
            wrapped.TypeNames.Insert(0, name);
        }

        return wrapped;
    }
}

using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>
/// Which bound parameters came from $PSDefaultParameterValues: PowerShell binds them as if
/// typed, so a rule about what the user typed has to tell the two apart.
/// </summary>
internal static class DefaultParameterValues
{
    /// <summary>
    /// True when an entry of $PSDefaultParameterValues names this command (wildcards allowed)
    /// and <paramref name="parameter"/>, with the value that is bound.
    /// </summary>
    internal static bool Supplied(PSCmdlet cmdlet, string parameter)
    {
        if (!(cmdlet.SessionState.PSVariable.GetValue("PSDefaultParameterValues") is IDictionary defaults))
        {
            return false;
        }

        var invocation = cmdlet.MyInvocation;
        foreach (DictionaryEntry entry in defaults)
        {
            int colon = entry.Key is string key ? key.LastIndexOf(':') : -1;
            if (colon <= 0)
            {
                continue;
            }

            string name = (string)entry.Key;
            if (string.Equals(name.Substring(colon + 1).Trim(), parameter, StringComparison.OrdinalIgnoreCase)
                && WildcardPattern.Get(name.Substring(0, colon).Trim(), WildcardOptions.IgnoreCase).IsMatch(invocation.MyCommand.Name)
                && Equals(LanguagePrimitives.ConvertTo(entry.Value, invocation.BoundParameters[parameter]?.GetType() ?? typeof(object), CultureInfo.InvariantCulture), invocation.BoundParameters[parameter]))
            {
                return true;
            }
        }

        return false;
    }
}

using System;
using System.Globalization;
using System.Management.Automation;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>Reads a scalar argument as the text the API is sent.</summary>
internal static class ArgumentText
{
    /// <summary>
    /// A string as it is, a number in the invariant culture (so <c>platform_version = 14</c>
    /// works), anything else null: a list or a map where one value belongs is a mistake to
    /// report, not text to guess.
    /// </summary>
    internal static string? From(object? value)
    {
        object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (bare)
        {
            case string text:
                return text;
            case char one:
                return one.ToString();
            case decimal number:
                return number.ToString(CultureInfo.InvariantCulture);
            case IConvertible number when bare.GetType().IsPrimitive && !(bare is bool):
                return number.ToString(CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }
}

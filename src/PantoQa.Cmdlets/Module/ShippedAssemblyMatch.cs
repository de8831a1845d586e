using System;
using System.Reflection;

namespace PantoQa.Cmdlets.Module;

/// <summary>
/// Whether a request to load an assembly may be answered with one the module ships. Windows
/// PowerShell has no binding redirects for modules, and System.Memory and its neighbours ask
/// for older versions of each other, so any version up to the shipped one is served; a
/// different name, public key token or culture never is, so the module cannot hand its copy
/// of an assembly to someone asking for another.
/// </summary>
internal static class ShippedAssemblyMatch
{
    internal static bool Accepts(AssemblyName requested, AssemblyName shipped)
    {
        if (!string.Equals(requested.Name, shipped.Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!string.Equals(requested.CultureName ?? "", shipped.CultureName ?? "", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!SameToken(requested.GetPublicKeyToken(), shipped.GetPublicKeyToken()))
        {
            return false;
        }

        return requested.Version is null || shipped.Version is null || requested.Version <= shipped.Version;
    }

    // A request without a token is for an unsigned assembly, which is what it must get.
    private static bool SameToken(byte[]? requested, byte[]? shipped)
    {
        requested ??= Array.Empty<byte>();
        shipped ??= Array.Empty<byte>();
        if (requested.Length != shipped.Length)
        {
            return false;
        }

        for (int i = 0; i < requested.Length; i++)
        {
            if (requested[i] != shipped[i])
            {
                return false;
            }
        }

        return true;
    }
}

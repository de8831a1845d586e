using System;
using System.Runtime.InteropServices;
using System.Security;

namespace PantoQa.Cmdlets.Session;

/// <summary>Moves keys between plain and secure form without leaving copies around.</summary>
internal static class SecureStrings
{
    internal static string ToPlain(SecureString secure)
    {
        IntPtr buffer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(buffer) ?? "";
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(buffer);
        }
    }

    internal static SecureString FromPlain(string plain)
    {
        var secure = new SecureString();
        foreach (char c in plain)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}

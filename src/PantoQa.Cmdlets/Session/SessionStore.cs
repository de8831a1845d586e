using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using PantoQa.Client.Http;

namespace PantoQa.Cmdlets.Session;

/// <summary>
/// Keeps one connection per runspace. Connect-PantoQa in one runspace never changes another's:
/// parallel jobs and hosted runspaces each connect, or fall back to the environment, on their own.
/// </summary>
internal static class SessionStore
{
    internal const string KeyVariable = "PANTO_API_KEY";
    internal const string BaseUriVariable = "PANTO_BASE_URI";

    private static readonly ConditionalWeakTable<Runspace, Slot> Slots = new ConditionalWeakTable<Runspace, Slot>();
    private static readonly Slot NoRunspaceSlot = new Slot();

    internal static void Connect(PantoSession session)
    {
        var slot = Current();
        lock (slot)
        {
            slot.Connected?.Dispose();
            slot.Connected = session;
        }
    }

    /// <summary>Forgets the connected key; false when there was none.</summary>
    internal static bool Disconnect()
    {
        var slot = Current();
        lock (slot)
        {
            if (slot.Connected is null)
            {
                return false;
            }

            slot.Connected.Dispose();
            slot.Connected = null;
            return true;
        }
    }

    /// <summary>
    /// The connected session, else one built from PANTO_API_KEY and PANTO_BASE_URI, else null.
    /// The environment's session is rebuilt only when those variables change, so its
    /// connections stay pooled across calls.
    /// </summary>
    internal static PantoSession? Resolve()
    {
        var slot = Current();
        lock (slot)
        {
            if (slot.Connected is not null)
            {
                return slot.Connected;
            }

            string? key = Environment.GetEnvironmentVariable(KeyVariable);
            if (string.IsNullOrEmpty(key))
            {
                return null;
            }

            string? baseUri = Environment.GetEnvironmentVariable(BaseUriVariable);
            string fingerprint = Fingerprint(key!, baseUri);
            if (slot.FromEnvironment is not null && slot.EnvironmentFingerprint == fingerprint)
            {
                return slot.FromEnvironment;
            }

            var options = new PantoClientOptions { BaseUri = DefaultBaseUri() };
            using var secure = SecureStrings.FromPlain(key!);
            var session = new PantoSession(options, secure, "Environment");
            slot.FromEnvironment?.Dispose();
            slot.FromEnvironment = session;
            slot.EnvironmentFingerprint = fingerprint;
            return session;
        }
    }

    /// <summary>PANTO_BASE_URI when set, else the public service.</summary>
    internal static Uri DefaultBaseUri()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(BaseUriVariable);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return PantoClientOptions.DefaultBaseUri;
        }

        if (!Uri.TryCreate(fromEnvironment!.Trim(), UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"PANTO_BASE_URI is set to '{fromEnvironment}', which is not an absolute URI such as https://qa-app.getpanto.ai.");
        }

        return uri;
    }

    // A digest, so the slot can tell whether the variables changed without keeping the key.
    private static string Fingerprint(string key, string? baseUri)
    {
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(key + "\n" + baseUri)));
    }

    private static Slot Current()
    {
        var runspace = Runspace.DefaultRunspace;
        return runspace is null ? NoRunspaceSlot : Slots.GetValue(runspace, _ => new Slot());
    }

    private sealed class Slot
    {
        internal PantoSession? Connected { get; set; }

        internal PantoSession? FromEnvironment { get; set; }

        internal string? EnvironmentFingerprint { get; set; }
    }
}

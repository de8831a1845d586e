using System;
using System.Security;
using PantoQa.Client.Http;

namespace PantoQa.Cmdlets.Session;

/// <summary>
/// One runspace's connection: the key as a SecureString, the settings, and the client that
/// pools connections for every cmdlet call in that runspace.
/// </summary>
internal sealed class PantoSession : IDisposable
{
    private readonly SecureString _apiKey;

    internal PantoSession(PantoClientOptions options, SecureString apiKey, string keySource)
    {
        options.UserAgent = UserAgent.Current;
        options.Validate();
        _apiKey = apiKey.Copy();
        _apiKey.MakeReadOnly();
        KeySource = keySource;
        string plain = SecureStrings.ToPlain(_apiKey);
        ApiKeyRules.Validate(plain);
        KeyHint = ApiKeyRules.Hint(plain);
        Options = options;
        Client = new PantoClient(options, () => SecureStrings.ToPlain(_apiKey));
    }

    internal PantoClientOptions Options { get; }

    internal PantoClient Client { get; }

    internal string KeyHint { get; }

    /// <summary>Where the key came from: Parameter, Environment or Prompt.</summary>
    internal string KeySource { get; }

    internal PantoConnection Describe() => new PantoConnection(Options, KeyHint, KeySource);

    public void Dispose()
    {
        Client.Dispose();
        _apiKey.Dispose();
    }

    public override string ToString() => $"PantoQa session {Options.BaseUri} key {KeyHint}";
}

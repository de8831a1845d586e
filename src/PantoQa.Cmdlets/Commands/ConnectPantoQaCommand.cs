using System;
using System.Management.Automation;
using System.Security;
using PantoQa.Client.Http;
using PantoQa.Cmdlets.Errors;
using PantoQa.Cmdlets.Output;
using PantoQa.Cmdlets.Parameters;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets;

/// <summary>
/// Stores the key (as a SecureString) and the connection settings for this runspace.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "PantoQa")]
[OutputType(typeof(PantoConnection))]
public sealed class ConnectPantoQaCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    [ApiKeyTransformation]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    public Uri? BaseUri { get; set; }

    [Parameter]
    [ValidateRange(0, PantoClientOptions.MaxRetriesLimit)]
    public int MaxRetries { get; set; } = 3;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>The first retry's backoff; later ones double, with jitter.</summary>
    [Parameter]
    [ValidateRange(0, 60000)]
    public int RetryDelayMilliseconds { get; set; } = 250;

    /// <summary>The longest wait between attempts, including a Retry-After from the service.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int MaxRetryDelaySec { get; set; } = 30;

    /// <summary>An explicit proxy; without it the system's or environment's proxy is used.</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var options = new PantoClientOptions
        {
            MaxRetries = MaxRetries,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            RetryBaseDelay = TimeSpan.FromMilliseconds(Math.Min(RetryDelayMilliseconds, MaxRetryDelaySec * 1000)),
            MaxRetryDelay = TimeSpan.FromSeconds(MaxRetryDelaySec),
            Proxy = Proxy,
            ProxyCredentials = ProxyCredential?.GetNetworkCredential(),
            ProxyUseDefaultCredentials = ProxyUseDefaultCredentials,
        };

        PantoSession session;
        try
        {
            options.BaseUri = BaseUri ?? SessionStore.DefaultBaseUri();
            var (key, source) = FindKey();
            session = new PantoSession(options, key, source);
        }
        catch (ArgumentException problem)
        {
            // The message names the setting, never the key.
            ThrowTerminatingError(ErrorRecords.InvalidSetting(problem, problem.ParamName == "apiKey" ? "InvalidApiKey" : "InvalidConnectionSetting", problem.ParamName == "Proxy" ? null : BaseUri));
            return;
        }

        SessionStore.Connect(session);
        string route = options.Proxy is null ? "" : $" through proxy {options.Proxy.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}";
        WriteVerbose($"Connected to {options.BaseUri}{route} with key {session.KeyHint} from {session.KeySource}.");
        if (PassThru)
        {
            WriteObject(ShortTypeName.Apply(session.Describe()));
        }
    }

    private (SecureString Key, string Source) FindKey()
    {
        if (ApiKey is not null)
        {
            return (ApiKey, "Parameter");
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(SessionStore.KeyVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return (SecureStrings.FromPlain(fromEnvironment!), "Environment");
        }

        var prompted = Prompt();
        if (prompted is null || prompted.Length == 0)
        {
            ThrowTerminatingError(ErrorRecords.NoApiKey());
        }

        return (prompted!, "Prompt");
    }

    private SecureString? Prompt()
    {
        // A CI job has no one to answer; asking would hang it or read garbage.
        if (Host?.UI is null || (Host.Name == "ConsoleHost" && Console.IsInputRedirected))
        {
            return null;
        }

        try
        {
            Host.UI.Write("Panto QA API key: ");
            return Host.UI.ReadLineAsSecureString();
        }
        catch (Exception ex) when (ex is PSInvalidOperationException || ex is NotImplementedException || ex is System.Management.Automation.Host.HostException || ex is InvalidOperationException)
        {
            return null;
        }
    }
}

using System;
using System.Management.Automation;
using PantoQa.Client.Errors;

namespace PantoQa.Cmdlets.Errors;

/// <summary>
/// Every error the module writes, with a stable ErrorId, the category a script can switch on,
/// the id it concerns as TargetObject, and a message that says what to do.
/// </summary>
internal static class ErrorRecords
{
    internal const string ConnectHint = "Run Connect-PantoQa with a current key, or set the PANTO_API_KEY environment variable.";

    /// <param name="failure">The failed call.</param>
    /// <param name="what">What was asked for, for example "Test run" or "Trigger".</param>
    /// <param name="target">The id the call was about.</param>
    internal static ErrorRecord FromApi(PantoApiException failure, string what, object target)
    {
        switch (failure.Kind)
        {
            case PantoErrorKind.NotFound:
                return Record(failure, PascalCase(what) + "NotFound", ErrorCategory.ObjectNotFound, target,
                    $"{what} '{target}' was not found: the service said '{failure.ServiceMessage ?? "Not Found"}'. Check the id; Get-PantoTriggerRuns lists the runs of a trigger.");
            case PantoErrorKind.EndpointNotFound:
                return Record(failure, "EndpointNotFound", ErrorCategory.ObjectNotFound, target, failure.Message);
            case PantoErrorKind.Unauthorized:
                return Record(failure, "Unauthorized", ErrorCategory.AuthenticationError, target,
                    $"{failure.Message} {ConnectHint}");
            case PantoErrorKind.Forbidden:
                return Record(failure, "Forbidden", ErrorCategory.PermissionDenied, target,
                    $"{failure.Message} Use a key of the workspace that owns this {what.ToLowerInvariant()}.");
            case PantoErrorKind.Timeout:
                return Record(failure, "RequestTimeout", ErrorCategory.OperationTimeout, target,
                    $"{failure.Message} Connect-PantoQa -TimeoutSec sets the per-request limit.");
            case PantoErrorKind.ServiceUnavailable:
                return Record(failure, "ServiceUnavailable", ErrorCategory.ConnectionError, target,
                    $"{failure.Message} Connect-PantoQa -MaxRetries sets the retry budget.");
            case PantoErrorKind.Connection:
                return Record(failure, "ConnectionFailed", ErrorCategory.ConnectionError, target, failure.Message);
            case PantoErrorKind.Redirect:
                return Record(failure, "RedirectRefused", ErrorCategory.SecurityError, target, failure.Message);
            case PantoErrorKind.InvalidResponse:
                return Record(failure, "InvalidResponse", ErrorCategory.InvalidResult, target, failure.Message);
            default:
                return Record(failure, "RequestRejected", ErrorCategory.InvalidArgument, target, failure.Message);
        }
    }

    /// <summary>
    /// A failed trigger request. The client's messages already quote the service and the
    /// value sent, and say whether runs may have started.
    /// </summary>
    /// <param name="target">The value the error is about: the app id, environment, context, tags or run ids.</param>
    internal static ErrorRecord FromTrigger(PantoApiException failure, object target)
    {
        switch (failure.Kind)
        {
            case PantoErrorKind.BuildNotFound:
            case PantoErrorKind.EnvironmentNotFound:
            case PantoErrorKind.ContextNotFound:
            case PantoErrorKind.NoMatchingTests:
            case PantoErrorKind.NotFound:
            case PantoErrorKind.EndpointNotFound:
                return Record(failure, failure.Kind.ToString(), ErrorCategory.ObjectNotFound, target, failure.Message);
            case PantoErrorKind.TriggerOutcomeUnknown:
                return Record(failure, "TriggerOutcomeUnknown", ErrorCategory.ConnectionError, target, failure.Message);
            case PantoErrorKind.TriggerIdUnknown:
                return Record(failure, "TriggerIdUnknown", ErrorCategory.InvalidResult, target, failure.Message);
            default:
                return FromApi(failure, "Trigger request", target);
        }
    }

    /// <summary>
    /// The last of <paramref name="streak"/> failed polls that ended the wait for a trigger:
    /// the poll's own record, whose advice is led by why the wait ended.
    /// </summary>
    internal static ErrorRecord FromPolls(PantoApiException failure, string triggerId, int streak)
    {
        var record = FromApi(failure, "Trigger", triggerId);
        record.ErrorDetails = new ErrorDetails($"The wait for trigger '{triggerId}' ended after {streak} failed polls in a row: {record.ErrorDetails.Message} -MaxPollFailures sets how many failed polls end a wait.");
        return record;
    }

    internal static ErrorRecord NoApiKey() =>
        Record(new InvalidOperationException("No API key."), "NoApiKey", ErrorCategory.AuthenticationError, null,
            "No Panto QA API key is available. Run Connect-PantoQa, or set the PANTO_API_KEY environment variable.");

    internal static ErrorRecord InvalidSetting(ArgumentException problem, string errorId, object? target) =>
        Record(problem, errorId, ErrorCategory.InvalidArgument, target, problem.Message);

    // "Test run" becomes "TestRun", so ErrorIds read like every other PowerShell ErrorId.
    private static string PascalCase(string words)
    {
        var result = new System.Text.StringBuilder(words.Length);
        foreach (string word in words.Split(' '))
        {
            if (word.Length > 0)
            {
                result.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
        }

        return result.ToString();
    }

    internal static ErrorRecord Record(Exception exception, string errorId, ErrorCategory category, object? target, string message) =>
        new ErrorRecord(exception, errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
}

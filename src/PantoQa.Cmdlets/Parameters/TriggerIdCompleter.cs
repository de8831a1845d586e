using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>Completes -TriggerId from the triggers this runspace has started or read, most recent first.</summary>
public sealed class TriggerIdCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = (wordToComplete ?? "").Trim('\'', '"');
        bool quoted = (wordToComplete ?? "").Length > 0 && (wordToComplete![0] == '\'' || wordToComplete[0] == '"');
        foreach (string id in TriggerHistory.Snapshot())
        {
            if (id.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                string text = quoted || NeedsQuotes(id) ? "'" + id.Replace("'", "''") + "'" : id;
                yield return new CompletionResult(text, id, CompletionResultType.ParameterValue, id);
            }
        }
    }

    /// <summary>
    /// False for ids PowerShell reads as one bare word. Anything else is quoted: spaces and
    /// operators would split it, a leading '-' would read as a parameter, '@' or '$' as a
    /// variable, and a leading digit may read as a number (1e3 binds as "1000").
    /// </summary>
    internal static bool NeedsQuotes(string id)
    {
        if (id.Length == 0 || id[0] == '-' || id[0] == '.' || char.IsDigit(id[0]))
        {
            return true;
        }

        foreach (char c in id)
        {
            if (!(c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':')))
            {
                return true;
            }
        }

        return false;
    }
}

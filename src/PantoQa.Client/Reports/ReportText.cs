using System;
using System.Globalization;
using System.Text;

namespace PantoQa.Client.Reports;

/// <summary>Text rules both report formats share.</summary>
internal static class ReportText
{
    /// <summary>What stands in for a character XML 1.0 cannot carry.</summary>
    internal const char Replacement = '\uFFFD';

    private static readonly char[] Breaks = { '\r', '\n', '\t' };

    /// <summary>
    /// Replaces every character XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE and
    /// U+FFFF) with U+FFFD, so a remark with a stray escape code still makes a valid document.
    /// </summary>
    internal static string XmlSafe(string text)
    {
        int bad = FirstForbidden(text, 0);
        if (bad < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int from = 0;
        while (bad >= 0)
        {
            result.Append(text, from, bad - from).Append(Replacement);
            from = bad + 1;
            bad = FirstForbidden(text, from);
        }

        return result.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>
    /// Text on one line, the way a table cell or a log line shows a remark: line breaks and tabs
    /// become single spaces, and the spaces around them and at the ends go.
    /// </summary>
    internal static string OneLine(string text)
    {
        if (text.IndexOfAny(Breaks) < 0 && (text.Length == 0 || (!char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[text.Length - 1]))))
        {
            return text;
        }

        var parts = text.Split(Breaks, StringSplitOptions.RemoveEmptyEntries);
        var line = new StringBuilder(text.Length);
        foreach (string part in parts)
        {
            string trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                (line.Length == 0 ? line : line.Append(' ')).Append(trimmed);
            }
        }

        return line.ToString();
    }

    internal static string Seconds(double seconds) =>
        Math.Round(seconds, 3).ToString("0.###", CultureInfo.InvariantCulture);

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

#if NET
    // Runs once per run of a report, usually in the only report the process writes: optimized at once, not after warming up.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private static int FirstForbidden(string text, int from)
    {
#if NET
        // Nearly every character is in this range: skip to the first that is not, many at a time.
        int other = text.AsSpan(from).IndexOfAnyExceptInRange('\u0020', '\uD7FF');
        if (other < 0)
        {
            return -1;
        }

        from += other;
#endif
        for (int i = from; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= '\u0020' && c <= '\uD7FF')
            {
                continue;
            }

            if (c == '\t' || c == '\n' || c == '\r' || (c >= '\uE000' && c <= '\uFFFD'))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}

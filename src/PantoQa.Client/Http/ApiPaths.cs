using System;

namespace PantoQa.Client.Http;

/// <summary>
/// Builds request paths. Every id is validated and percent-escaped as one path segment, so
/// no input can address another endpoint or smuggle a query.
/// </summary>
public static class ApiPaths
{
    /// <summary>GET test-run/{id}: one run; the escaped id follows.</summary>
    public const string TestRunPrefix = "/api/v1/qa/external/test-run/";

    /// <summary>GET test-runs-by-trigger/{trigger_id}: every run of one trigger; the escaped id follows.</summary>
    public const string TriggerRunsPrefix = "/api/v1/qa/external/test-runs-by-trigger/";

    /// <summary>Ids longer than this are refused before any request: no real id comes close.</summary>
    public const int MaxIdLength = 1024;

    /// <summary>The path of one test run.</summary>
    /// <exception cref="ArgumentException">The id fails <see cref="Validate"/>; the message says why.</exception>
    public static string TestRun(string id) => TestRunPrefix + EscapeId(id, "test run id");

    /// <summary>The path of one trigger's runs.</summary>
    /// <exception cref="ArgumentException">The id fails <see cref="Validate"/>; the message says why.</exception>
    public static string TriggerRuns(string triggerId) => TriggerRunsPrefix + EscapeId(triggerId, "trigger id");

    /// <summary>
    /// Null when the id can be sent; otherwise why not, in words fit for the user.
    /// </summary>
    public static string? Validate(string? id)
    {
        if (id is null || id.Trim().Length == 0)
        {
            return "it is empty";
        }

        if (id.Length > MaxIdLength)
        {
            return $"it is {id.Length} characters long, more than the {MaxIdLength} an id can have";
        }

        // Dot segments would be resolved away by any URI library on the way, so they could
        // only ever reach another path.
        if (id == "." || id == "..")
        {
            return "'.' and '..' are path navigation, not ids";
        }

        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (char.IsControl(c))
            {
                return $"it contains the control character U+{(int)c:X4} at position {i}";
            }

            if (char.IsHighSurrogate(c) && (i + 1 >= id.Length || !char.IsLowSurrogate(id[i + 1])))
            {
                return $"it contains a broken UTF-16 surrogate at position {i}";
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(id[i - 1])))
            {
                return $"it contains a broken UTF-16 surrogate at position {i}";
            }
        }

        return null;
    }

    private static string EscapeId(string id, string what)
    {
        string? problem = Validate(id);
        if (problem is not null)
        {
            throw new ArgumentException($"The {what} cannot be used: {problem}.", nameof(id));
        }

        return Uri.EscapeDataString(id);
    }
}

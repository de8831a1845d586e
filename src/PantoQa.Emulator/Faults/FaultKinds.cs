using System.Collections.Frozen;

namespace PantoQa.Emulator.Faults;

/// <summary>The fault kinds by the names used on the command line and in POST /_emulator/faults.</summary>
public static class FaultKinds
{
    public const string BadRequest = "400";
    public const string Forbidden = "403";
    public const string Error500 = "500";
    public const string Error502 = "502";
    public const string Error503 = "503";
    public const string Error504 = "504";
    public const string TooManyRequests = "429";
    public const string TooManyRequestsDate = "429-date";
    public const string Delay = "delay";
    public const string Drop = "drop";
    public const string ActThenDrop = "act-then-drop";
    public const string Truncate = "truncate";
    public const string NonJson = "nonjson";
    public const string Html = "html";
    public const string WrongContentType = "wrong-content-type";
    public const string EndlessBody = "endless-body";
    public const string HugeLength = "huge-length";
    public const string Hang = "hang";
    public const string DeepJson = "deep-json";
    public const string NullJson = "null-json";
    public const string RunsNotArray = "runs-not-array";
    public const string Redirect = "redirect";
    public const string Redirect301 = "redirect-301";
    public const string Redirect302 = "redirect-302";
    public const string Redirect303 = "redirect-303";
    public const string Redirect307 = "redirect-307";
    public const string Redirect308 = "redirect-308";

    public static readonly FrozenSet<string> All = FrozenSet.Create(
        StringComparer.Ordinal,
        BadRequest, Forbidden, Error500, Error502, Error503, Error504, TooManyRequests, TooManyRequestsDate, Delay, Drop, ActThenDrop, Truncate,
        NonJson, Html, WrongContentType, EndlessBody, HugeLength, Hang, DeepJson, NullJson, RunsNotArray, Redirect,
        Redirect301, Redirect302, Redirect303, Redirect307, Redirect308);

    /// <summary>
    /// Without an explicit list only the failures a well-behaved client is expected to retry through
    /// are injected; the hostile kinds (hang, endless-body, ...) must be asked for by name.
    /// </summary>
    public static readonly IReadOnlyList<string> Transient =
        [Error500, Error502, Error503, Error504, TooManyRequests];
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;
using PantoQa.Client.Models;

namespace PantoQa.Client.Json;

/// <summary>
/// The runs of one trigger, with the body's shape checked but the runs not yet objects: each
/// run is deserialized as it is enumerated. A caller that passes runs on one at a time, as
/// the pipeline does, then never holds them all; ten thousand runs take several times the
/// size of their JSON as objects.
/// </summary>
/// <remarks>
/// This is the one definition of a valid trigger body: the summary (<see cref="ToResult"/>)
/// is built from the same check. The check reads the whole body before any run is handed
/// out, so a body that is malformed, truncated, too deep, or lacks the test_runs array or the
/// status fails with nothing written. Only a run whose own fields have the wrong types fails
/// during enumeration, after the runs before it.
/// </remarks>
public sealed class TriggerRunReader : IEnumerable<TestRun>
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly Func<string, Exception> _invalid;
    private readonly List<(int Start, int Length)> _runs;
    private readonly Dictionary<string, JsonElement>? _otherFields;

    private TriggerRunReader(ReadOnlyMemory<byte> body, Func<string, Exception> invalid, string triggerId, string status, List<(int Start, int Length)> runs, Dictionary<string, JsonElement>? otherFields)
    {
        _body = body;
        _invalid = invalid;
        TriggerId = triggerId;
        Status = status;
        _runs = runs;
        _otherFields = otherFields;
    }

    /// <summary>The trigger whose runs these are.</summary>
    public string TriggerId { get; }

    /// <summary>The service's aggregate status.</summary>
    public string Status { get; }

    /// <summary>How many runs the body holds.</summary>
    public int Count => _runs.Count;

    private static ReadOnlySpan<byte> TestRunsName => "test_runs"u8;

    private static ReadOnlySpan<byte> StatusName => "status"u8;

    /// <summary>Makes each run an object as it is reached.</summary>
    public IEnumerator<TestRun> GetEnumerator()
    {
        for (int i = 0; i < _runs.Count; i++)
        {
            yield return ReadRun(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Checks the body's shape and notes where each run is.</summary>
    /// <param name="body">The body, without a byte order mark.</param>
    /// <param name="triggerId">The trigger asked for.</param>
    /// <param name="invalid">
    /// Makes the exception for a body of another shape from what is wrong with it ("has no
    /// aggregate status"); the caller knows which request the body answered.
    /// </param>
    /// <exception cref="JsonException">The body is not JSON, or not one object.</exception>
    internal static TriggerRunReader Open(ReadOnlyMemory<byte> body, string triggerId, Func<string, Exception> invalid)
    {
        var reader = new Utf8JsonReader(body.Span);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw invalid("is null");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The body is not an object.");
        }

        List<(int, int)>? runs = null;
        string? status = null;
        Dictionary<string, JsonElement>? otherFields = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Property names are matched exactly and the last of duplicates wins, as the serializer does.
            bool isRuns = reader.ValueTextEquals(TestRunsName);
            bool isStatus = !isRuns && reader.ValueTextEquals(StatusName);
            string? other = isRuns || isStatus ? null : reader.GetString();
            reader.Read();
            if (isRuns)
            {
                runs = FindRuns(ref reader, invalid);
            }
            else if (isStatus)
            {
                status = reader.TokenType == JsonTokenType.Null ? null
                    : reader.TokenType == JsonTokenType.String ? reader.GetString()
                    : throw new JsonException("The status is not a string.");
            }
            else
            {
                // Fields this version does not model are kept, as the serializer keeps them.
                (otherFields ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[other!] = JsonElement.ParseValue(ref reader);
            }
        }

        // Anything after the object, as for the serializer, means it is not one JSON document.
        if (reader.Read())
        {
            throw new JsonException("The body goes on after its object.");
        }

        if (runs is null)
        {
            throw invalid("has no test_runs array of runs");
        }

        if (status is null)
        {
            throw invalid("has no aggregate status");
        }

        return new TriggerRunReader(body, invalid, triggerId, status, runs, otherFields);
    }

    /// <summary>Every run as an object, with the counts and the body's other fields.</summary>
    internal TriggerResult ToResult()
    {
        var runs = new TestRun[_runs.Count];
        for (int i = 0; i < runs.Length; i++)
        {
            runs[i] = ReadRun(i);
        }

        return new TriggerResult { trigger_id = TriggerId, status = Status, test_runs = runs, ExtensionData = _otherFields };
    }

    private static List<(int, int)>? FindRuns(ref Utf8JsonReader reader, Func<string, Exception> invalid)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw invalid("has no test_runs array of runs");
        }

        var runs = new List<(int, int)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw invalid("has no test_runs array of runs");
            }

            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            runs.Add((start, (int)reader.BytesConsumed - start));
        }

        return runs;
    }

    private TestRun ReadRun(int index)
    {
        var (start, length) = _runs[index];
        try
        {
            return JsonSerializer.Deserialize(_body.Span.Slice(start, length), PantoJsonContext.Default.TestRun)!;
        }
        catch (JsonException)
        {
            throw _invalid($"has run {index + 1} of test_runs in another shape than documented");
        }
    }
}

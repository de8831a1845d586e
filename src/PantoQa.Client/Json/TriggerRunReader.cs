using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;
using PantoQa.Client.Http;
using PantoQa.Client.Models;

namespace PantoQa.Client.Json
{
    /// <summary>
    /// The runs of one trigger, with the body's shape checked but the runs not yet objects: each
    /// run is deserialized as it is enumerated. A caller that passes runs on one at a time, as
    /// the pipeline does, then never holds them all; ten thousand runs take several times the
    /// size of their JSON as objects.
    /// </summary>
    /// <remarks>
    /// The shape check reads the whole body before any run is handed out, so a body that is
    /// malformed, truncated, too deep, or lacks the test_runs array or the status fails as it
    /// does for <see cref="PantoClient.GetTriggerRunsAsync"/>, with nothing written. Only a run
    /// whose own fields have the wrong types fails during enumeration, after the runs before it.
    /// </remarks>
    public sealed class TriggerRunReader : IEnumerable<TestRun>
    {
        private static readonly byte[] TestRunsName = { (byte)'t', (byte)'e', (byte)'s', (byte)'t', (byte)'_', (byte)'r', (byte)'u', (byte)'n', (byte)'s' };
        private static readonly byte[] StatusName = { (byte)'s', (byte)'t', (byte)'a', (byte)'t', (byte)'u', (byte)'s' };

        private readonly ResponseSnapshot _snapshot;
        private readonly string _path;
        private readonly int _offset;
        private readonly List<(int Start, int Length)> _runs;

        private TriggerRunReader(ResponseSnapshot snapshot, string path, string triggerId, string status, int offset, List<(int Start, int Length)> runs)
        {
            _snapshot = snapshot;
            _path = path;
            TriggerId = triggerId;
            Status = status;
            _offset = offset;
            _runs = runs;
        }

        public string TriggerId { get; }

        /// <summary>The service's aggregate status.</summary>
        public string Status { get; }

        public int Count => _runs.Count;

        public IEnumerator<TestRun> GetEnumerator()
        {
            for (int i = 0; i < _runs.Count; i++)
            {
                yield return ReadRun(i);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Checks the body's shape and notes where each run is.</summary>
        /// <exception cref="JsonException">The body is not JSON, or not one object.</exception>
        /// <exception cref="PantoApiException">It has no test_runs array of runs or no status.</exception>
        internal static TriggerRunReader Open(ResponseSnapshot snapshot, string path, string triggerId)
        {
            ReadOnlySpan<byte> body = snapshot.Content.Span;
            // The serializer skips a UTF-8 byte order mark; the reader does not.
            int offset = body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? 3 : 0;
            var reader = new Utf8JsonReader(body.Slice(offset));
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                throw PantoClient.Invalid(path, snapshot, "is null");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("The body is not an object.");
            }

            List<(int, int)>? runs = null;
            string? status = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Property names are matched exactly and the last of duplicates wins, as the serializer does.
                bool isRuns = reader.ValueTextEquals(TestRunsName);
                bool isStatus = !isRuns && reader.ValueTextEquals(StatusName);
                reader.Read();
                if (isRuns)
                {
                    runs = FindRuns(ref reader, snapshot, path);
                }
                else if (isStatus)
                {
                    status = reader.TokenType == JsonTokenType.Null ? null
                        : reader.TokenType == JsonTokenType.String ? reader.GetString()
                        : throw new JsonException("The status is not a string.");
                }
                else
                {
                    reader.Skip();
                }
            }

            // Anything after the object, as for the serializer, means it is not one JSON document.
            if (reader.Read())
            {
                throw new JsonException("The body goes on after its object.");
            }

            if (runs is null)
            {
                throw PantoClient.Invalid(path, snapshot, "has no test_runs array of runs");
            }

            if (status is null)
            {
                throw PantoClient.Invalid(path, snapshot, "has no aggregate status");
            }

            return new TriggerRunReader(snapshot, path, triggerId, status, offset, runs);
        }

        private static List<(int, int)>? FindRuns(ref Utf8JsonReader reader, ResponseSnapshot snapshot, string path)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw PantoClient.Invalid(path, snapshot, "has no test_runs array of runs");
            }

            var runs = new List<(int, int)>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw PantoClient.Invalid(path, snapshot, "has no test_runs array of runs");
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
                return JsonSerializer.Deserialize(_snapshot.Content.Span.Slice(_offset + start, length), PantoJsonContext.Default.TestRun)!;
            }
            catch (JsonException)
            {
                throw PantoClient.Invalid(_path, _snapshot, $"has run {index + 1} of test_runs in another shape than documented");
            }
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Json;

namespace PantoQa.Client.Tests;

/// <summary>
/// The streaming read of a trigger's runs checks the body as the whole-body parse does, and
/// hands out the same runs, one object per enumeration step.
/// </summary>
public sealed class TriggerRunReaderTests
{
    private const string Path = "/api/v1/qa/external/test-runs-by-trigger/t1";

    private const string ThreeRuns = """
        {
          "test_runs": [
            { "id": "r1", "runner_status": "passed", "created_at": "2026-05-21T10:30:00+02:00" },
            { "id": "r2", "runner_status": "failed", "priority": 3, "target_device_list": [ { "platform": "android", "device_name": "pixel 8" } ] },
            { "id": "r3", "runner_status": "in_process", "remark": null }
          ],
          "page": { "next": null },
          "status": "partially_passed"
        }
        """;

    [Fact]
    public void Runs_AreTheSerializersRuns_InOrder()
    {
        var expected = JsonSerializer.Deserialize(ThreeRuns, PantoJsonContext.Default.TriggerResult)!;

        var reader = Open(ThreeRuns);

        Assert.Equal("t1", reader.TriggerId);
        Assert.Equal("partially_passed", reader.Status);
        Assert.Equal(3, reader.Count);
        var runs = reader.ToList();
        Assert.Equal(
            expected.test_runs.Select(r => JsonSerializer.Serialize(r, PantoJsonContext.Default.TestRun)),
            runs.Select(r => JsonSerializer.Serialize(r, PantoJsonContext.Default.TestRun)));
        Assert.Equal("priority", Assert.Single(runs[1].GetAdditionalFields()).Key);
    }

    [Fact]
    public void EachEnumeration_MakesNewObjects()
    {
        var reader = Open(ThreeRuns);

        Assert.NotSame(reader.First(), reader.First());
    }

    [Fact]
    public void ByteOrderMark_IsAccepted()
    {
        var reader = Open(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ThreeRuns)).ToArray());

        Assert.Equal(["r1", "r2", "r3"], reader.Select(r => r.id));
    }

    [Theory]
    [InlineData("null", "is null")]
    [InlineData("""{ "status": "passed" }""", "has no test_runs array of runs")]
    [InlineData("""{ "test_runs": null, "status": "passed" }""", "has no test_runs array of runs")]
    [InlineData("""{ "test_runs": {}, "status": "passed" }""", "has no test_runs array of runs")]
    [InlineData("""{ "test_runs": [ { "id": "r1" }, null ], "status": "passed" }""", "has no test_runs array of runs")]
    [InlineData("""{ "test_runs": [ "r1" ], "status": "passed" }""", "has no test_runs array of runs")]
    [InlineData("""{ "test_runs": [] }""", "has no aggregate status")]
    [InlineData("""{ "test_runs": [], "status": null }""", "has no aggregate status")]
    public void UndocumentedShapes_AreInvalidResponses(string body, string problem)
    {
        var failure = Assert.Throws<PantoApiException>(() => Open(body));

        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains(problem, failure.Message);
        Assert.Equal(2, failure.Attempts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{ "test_runs": [ { "id": "r1" } """)]
    [InlineData("""{ "test_runs": [], "status": 5 }""")]
    [InlineData("""{ "test_runs": [], "status": "passed" } {}""")]
    [InlineData("""{ "test_runs": [], "status": "passed", }""")]
    public void MalformedBodies_AreLeftToTheCallersJsonMessage(string body)
    {
        Assert.ThrowsAny<JsonException>(() => Open(body));
    }

    [Fact]
    public void TooDeepBodies_AreRefusedBeforeAnyRun()
    {
        string deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));

        Assert.ThrowsAny<JsonException>(() => Open($$"""{ "test_runs": [ { "id": "r1" } ], "x": {{deep}}, "status": "passed" }"""));
    }

    [Fact]
    public void RunOfTheWrongShape_FailsAfterTheRunsBeforeIt()
    {
        var reader = Open("""{ "test_runs": [ { "id": "r1" }, { "id": "r2", "created_at": 5 } ], "status": "passed" }""");
        var seen = new List<string>();

        var failure = Assert.Throws<PantoApiException>(() =>
        {
            foreach (var run in reader)
            {
                seen.Add(run.id);
            }
        });

        Assert.Equal(["r1"], seen);
        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("run 2 of test_runs", failure.Message);
        foreach (var leak in new[] { "LineNumber", "Path: $", "could not be converted", "{\"" })
        {
            Assert.DoesNotContain(leak, failure.Message);
        }
    }

    private static TriggerRunReader Open(string body) => Open(Encoding.UTF8.GetBytes(body));

    private static TriggerRunReader Open(byte[] body) =>
        PantoClient.OpenTriggerRuns(new ResponseSnapshot("GET", HttpStatusCode.OK, "application/json", body, body.Length, null, attempt: 2), Path, "t1");
}

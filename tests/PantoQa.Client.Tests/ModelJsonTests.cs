using System.Text.Json;
using PantoQa.Client.Json;
using PantoQa.Client.Models;

namespace PantoQa.Client.Tests;

/// <summary>The models read the document's payloads exactly, keep what they do not know, and write them back unchanged.</summary>
public sealed class ModelJsonTests
{
    private const string RunWithExtras = """
        {
          "id": "run_new",
          "created_at": "2026-05-21T10:30:00Z",
          "runner_status": "passed",
          "priority": 3,
          "target_device_list": [
            { "platform": "android", "device_name": "pixel 8", "platform_version": "14", "orientation": "portrait" }
          ],
          "labels": ["smoke", "nightly", null, true, 1.5],
          "owner": { "team": "checkout", "oncall": { "name": "ana", "shift": 2 } },
          "score": 0.125,
          "huge": 12345678901234567890123,
          "beyond_decimal": 1e400,
          "flaky": false,
          "archived_at": null,
          "note": "ünïcødé \uD83D\uDE00"
        }
        """;

    [Fact]
    public void RunBody_OfTheDocument_ParsesEveryField()
    {
        var body = JsonSerializer.Deserialize(DocumentExample.RunBody, PantoJsonContext.Default.TestRunBody);

        DocumentExample.AssertIsTheExample(body!.test_run!);
    }

    [Fact]
    public void TriggerBody_OfTheDocument_ParsesEveryFieldAndTheAggregate()
    {
        var result = JsonSerializer.Deserialize(DocumentExample.TriggerBody, PantoJsonContext.Default.TriggerResult)!;

        Assert.Equal("in_process", result.status);
        DocumentExample.AssertIsTheExample(Assert.Single(result.test_runs));
        Assert.Equal((1, 0, 0, 1), (result.total, result.passed, result.failed, result.in_process));
        Assert.Empty(result.GetAdditionalFields());
    }

    [Fact]
    public void Run_OfTheDocument_WritesBackExactly()
    {
        var run = JsonSerializer.Deserialize(DocumentExample.Run, PantoJsonContext.Default.TestRun)!;

        var written = JsonSerializer.Serialize(run, PantoJsonContext.Default.TestRun);

        JsonAssert.Equal(DocumentExample.Run, written);
    }

    [Fact]
    public void MissingFields_AreNull_NotDefaults()
    {
        var run = JsonSerializer.Deserialize("""{"id":"bare"}""", PantoJsonContext.Default.TestRun)!;

        Assert.Equal("bare", run.id);
        Assert.Null(run.created_at);
        Assert.Null(run.runner_status);
        Assert.Null(run.target_device_list);
        Assert.Null(run.trigger_id);
        Assert.Empty(run.GetAdditionalFields());
        Assert.Equal("bare", run.ToString());
    }

    [Fact]
    public void UnknownFields_ArePreservedInOrderAsPlainValues()
    {
        var run = JsonSerializer.Deserialize(RunWithExtras, PantoJsonContext.Default.TestRun)!;

        var extras = run.GetAdditionalFields();

        Assert.Equal(
            ["priority", "labels", "owner", "score", "huge", "beyond_decimal", "flaky", "archived_at", "note"],
            extras.Select(e => e.Key));
        var values = extras.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(3L, values["priority"]);
        Assert.Equal(new object?[] { "smoke", "nightly", null, true, 1.5m }, (object?[])values["labels"]!);
        var owner = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(values["owner"]);
        Assert.Equal("checkout", owner[0].Value);
        var oncall = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(owner[1].Value);
        Assert.Equal(("name", (object?)"ana"), (oncall[0].Key, oncall[0].Value));
        Assert.Equal(2L, oncall[1].Value);
        Assert.Equal(0.125m, values["score"]);
        Assert.Equal(12345678901234567890123m, values["huge"]);
        Assert.Equal(double.PositiveInfinity, values["beyond_decimal"]);
        Assert.Equal(false, values["flaky"]);
        Assert.Null(values["archived_at"]);
        Assert.Equal("ünïcødé \U0001F600", values["note"]);

        var device = Assert.Single(run.target_device_list!);
        Assert.Equal("portrait", Assert.Single(device.GetAdditionalFields()).Value);
        Assert.Equal("android pixel 8 14", device.ToString());
    }

    [Fact]
    public void UnknownFields_SurviveARoundTrip()
    {
        var run = JsonSerializer.Deserialize(RunWithExtras, PantoJsonContext.Default.TestRun)!;

        var again = JsonSerializer.Deserialize(JsonSerializer.Serialize(run, PantoJsonContext.Default.TestRun), PantoJsonContext.Default.TestRun)!;

        Assert.Equal(
            run.GetAdditionalFields().Select(e => e.Key),
            again.GetAdditionalFields().Select(e => e.Key));
        Assert.Equal("portrait", Assert.Single(again.target_device_list![0].GetAdditionalFields()).Value);
        Assert.Equal(run.created_at, again.created_at);
    }

    [Fact]
    public void UnknownTopLevelTriggerFields_ArePreserved()
    {
        var result = JsonSerializer.Deserialize(
            """{"test_runs":[],"status":"passed","next_page":null,"total_count":0}""",
            PantoJsonContext.Default.TriggerResult)!;

        Assert.Equal(["next_page", "total_count"], result.GetAdditionalFields().Select(e => e.Key));
    }

    [Fact]
    public void TriggerId_AndCounts_AreNotPartOfThePayload()
    {
        // trigger_id is set from the request and the counts are derived; writing them back would
        // make a payload the service never sent.
        var result = new TriggerResult { trigger_id = "t", status = "passed", test_runs = [new TestRun { id = "r", runner_status = "passed" }] };

        using var written = JsonDocument.Parse(JsonSerializer.Serialize(result, PantoJsonContext.Default.TriggerResult));

        Assert.Equal(["status", "test_runs"], written.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("""{"id":"r","created_at":"yesterday"}""")]
    [InlineData("""{"id":"r","created_at":1716287400}""")]
    [InlineData("""{"id":"r","created_at":"2026-13-40T99:00:00Z"}""")]
    [InlineData("""{"id":"r","target_device_list":{"platform":"android"}}""")]
    [InlineData("""{"id":5}""")]
    [InlineData("""{"id":"r","remark":["not","a","string"]}""")]
    public void WrongShapes_AreJsonErrors(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, PantoJsonContext.Default.TestRun));
    }

    [Theory]
    [InlineData(null, "pixel 6", "14", "pixel 6 14")]
    [InlineData("android", "pixel 6", null, "android pixel 6")]
    [InlineData("ios", null, "17", "ios 17")]
    public void Device_Text_LeavesOutWhatWasNotStored(string? platform, string? name, string? version, string expected)
    {
        var device = new TargetDevice { platform = platform, device_name = name, platform_version = version };
        Assert.Equal(expected, device.ToString());
    }
}

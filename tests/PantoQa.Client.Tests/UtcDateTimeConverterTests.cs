using System.Text.Json;
using PantoQa.Client.Json;
using PantoQa.Client.Models;

namespace PantoQa.Client.Tests;

public sealed class UtcDateTimeConverterTests
{
    private static readonly DateTime HalfPastTen = new(2026, 5, 21, 10, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-05-21T10:30:00Z")]
    [InlineData("2026-05-21T10:30:00+00:00")]
    [InlineData("2026-05-21T12:30:00+02:00")]
    [InlineData("2026-05-21T05:30:00-05:00")]
    [InlineData("2026-05-21T16:00:00+05:30")]
    [InlineData("2026-05-22T00:30:00+14:00")]
    [InlineData("2026-05-20T22:30:00-12:00")]
    [InlineData("2026-05-21T10:30:00.000Z")]
    public void Read_TurnsEveryOffsetIntoUtc(string stamp)
    {
        var value = Read(stamp);

        Assert.Equal(HalfPastTen, value);
        Assert.Equal(DateTimeKind.Utc, value!.Value.Kind);
    }

    [Fact]
    public void Read_KeepsFractionsToTheTick()
    {
        var value = Read("2026-05-21T12:30:00.1234567+02:00");

        Assert.Equal(HalfPastTen.AddTicks(1234567), value);
    }

    [Fact]
    public void Read_KeepsNullAsNull()
    {
        var run = JsonSerializer.Deserialize("""{"id":"r","runner_end_timestamp":null}""", PantoJsonContext.Default.TestRun)!;

        Assert.Null(run.runner_end_timestamp);
    }

    [Theory]
    [InlineData("2026-05-21T10:30:00Z", "2026-05-21T10:30:00Z")]
    [InlineData("2026-05-21T12:30:00+02:00", "2026-05-21T10:30:00Z")]
    [InlineData("2026-05-21T10:30:00.5Z", "2026-05-21T10:30:00.5Z")]
    [InlineData("2026-05-21T10:30:00.1234567Z", "2026-05-21T10:30:00.1234567Z")]
    public void Write_UsesTheApisOwnUtcForm(string read, string written)
    {
        var run = new TestRun { id = "r", created_at = Read(read) };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(run, PantoJsonContext.Default.TestRun));

        Assert.Equal(written, json.RootElement.GetProperty("created_at").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("runner_end_timestamp").ValueKind);
    }

    private static DateTime? Read(string stamp) =>
        JsonSerializer.Deserialize($$"""{"id":"r","created_at":"{{stamp}}"}""", PantoJsonContext.Default.TestRun)!.created_at;
}

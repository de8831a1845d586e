using PantoQa.Client.Json;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>
/// Timestamps whose meaning could hang on the machine's zone, read under a zone far from UTC
/// (UTC-2:30 in summer) so that a test machine on UTC cannot hide a shift.
/// </summary>
[Collection(LocalTimeZone.Collection)]
public sealed class LocalZoneTests
{
    private static readonly DateTime HalfPastTen = new(2026, 5, 21, 10, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-05-21T10:30:00")]
    [InlineData("2026-05-21T10:30:00.0000000")]
    public void StampWithoutOffset_IsTakenAsUtc(string stamp)
    {
        // The document's stamps end in Z, but a service that drops it still means UTC.
        using (LocalTimeZone.Set("America/St_Johns"))
        {
            var value = Read(stamp);

            Assert.Equal(HalfPastTen, value);
            Assert.Equal(DateTimeKind.Utc, value!.Value.Kind);
        }
    }

    [Fact]
    public void BareDate_IsUtcMidnight()
    {
        using (LocalTimeZone.Set("Pacific/Kiritimati"))
        {
            Assert.Equal(new DateTime(2026, 5, 21, 0, 0, 0, DateTimeKind.Utc), Read("2026-05-21"));
        }
    }

    [Theory]
    [InlineData("2026-05-21T12:30:00+02:00")]
    [InlineData("2026-05-21T10:30:00Z")]
    [InlineData("2026-05-21T08:00:00-02:30")]
    public void StampWithOffset_IsUnaffectedByTheLocalZone(string stamp)
    {
        using (LocalTimeZone.Set("America/St_Johns"))
        {
            Assert.Equal(HalfPastTen, Read(stamp));
        }
    }

    private static DateTime? Read(string stamp) =>
        System.Text.Json.JsonSerializer.Deserialize($$"""{"id":"r","created_at":"{{stamp}}"}""", PantoJsonContext.Default.TestRun)!.created_at;
}

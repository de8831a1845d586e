using System.Net.Http.Headers;
using PantoQa.Client.Http;

namespace PantoQa.Client.Tests;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 21, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("120", 120)]
    [InlineData("86400", 86400)]
    public void Delta_IsReadInSeconds(string header, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.From(Headers(header), Now));
    }

    [Theory]
    [InlineData("Thu, 21 May 2026 10:30:30 GMT", 30)]
    [InlineData("Thu, 21 May 2026 11:30:00 GMT", 3600)]
    [InlineData("Thu, 21 May 2026 10:30:00 GMT", 0)]
    public void HttpDate_IsTheTimeLeftUntilThen(string header, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.From(Headers(header), Now));
    }

    [Fact]
    public void HttpDate_InThePast_MeansNoWait()
    {
        Assert.Equal(TimeSpan.Zero, RetryAfter.From(Headers("Wed, 20 May 2026 10:30:00 GMT"), Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void Missing_OrUnreadable_IsNull(string? header)
    {
        Assert.Null(RetryAfter.From(Headers(header), Now));
    }

    [Theory]
    [InlineData(86400, 1, 1)]
    [InlineData(0.5, 1, 0.5)]
    [InlineData(1, 1, 1)]
    public void Cap_KeepsWaitsWithinTheLimit(double wait, double cap, double capped)
    {
        Assert.Equal(TimeSpan.FromSeconds(capped), RetryAfter.Cap(TimeSpan.FromSeconds(wait), TimeSpan.FromSeconds(cap)));
    }

    private static HttpResponseHeaders Headers(string? retryAfter)
    {
        var headers = new HttpResponseMessage().Headers;
        if (retryAfter is not null)
        {
            headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return headers;
    }
}

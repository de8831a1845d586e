using System;
using System.Net.Http.Headers;

namespace PantoQa.Client.Http;

/// <summary>Reads Retry-After in both its forms: delta seconds and an HTTP-date.</summary>
internal static class RetryAfter
{
    internal static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        if (value is null)
        {
            return null;
        }

        if (value.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    internal static TimeSpan Cap(TimeSpan wait, TimeSpan cap) => wait > cap ? cap : wait;
}

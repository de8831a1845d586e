using System;

namespace PantoQa.Client.Http;

/// <summary>Checks a key before it is ever put in a header. Messages never quote the key.</summary>
public static class ApiKeyRules
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> for a key that is empty or could not travel in a
    /// header unchanged; the message says how to fix it.
    /// </summary>
    public static void Validate(string? apiKey)
    {
        if (apiKey is null || apiKey.Trim().Length == 0)
        {
            throw new ArgumentException("The API key is empty.", nameof(apiKey));
        }

        foreach (char c in apiKey)
        {
            // A line break in a header value could forge further headers; refuse the key
            // outright rather than send it altered.
            if (char.IsControl(c))
            {
                throw new ArgumentException("The API key contains a line break or another control character, so it was not sent. Copy the key again without surrounding whitespace.", nameof(apiKey));
            }

            // Header values are ASCII: the handler would refuse anything else on every retry
            // and call it a connection failure. Outside ASCII it is almost always an invisible
            // character picked up on copying, such as a zero-width or no-break space.
            if (c > '~')
            {
                throw new ArgumentException("The API key contains a character outside plain ASCII, often an invisible one picked up when copying, so it was not sent. Copy the key again.", nameof(apiKey));
            }
        }
    }

    /// <summary>The last four characters, for telling keys apart in a connection summary.</summary>
    public static string Hint(string apiKey) =>
        apiKey.Length <= 8 ? "****" : "****" + apiKey.Substring(apiKey.Length - 4);
}

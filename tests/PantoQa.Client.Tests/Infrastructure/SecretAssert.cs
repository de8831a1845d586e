namespace PantoQa.Client.Tests.Infrastructure;

public static class SecretAssert
{
    /// <summary>
    /// Neither the message, the full ToString (stack, inner exceptions) nor any inner exception's
    /// message holds the key: all of them end up in CI logs.
    /// </summary>
    public static void NotLeaked(Exception failure, string key = Keys.Secret)
    {
        Assert.DoesNotContain(key, failure.ToString(), StringComparison.Ordinal);
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            Assert.DoesNotContain(key, inner.Message, StringComparison.Ordinal);
        }
    }
}

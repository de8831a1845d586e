using PantoQa.Client.Errors;

namespace PantoQa.Client.Tests.Infrastructure;

public static class Failures
{
    /// <summary>The call's <see cref="PantoApiException"/>, checked never to hold the key.</summary>
    public static async Task<PantoApiException> OfAsync(Func<Task> call, string key = Keys.Secret)
    {
        var failure = await Assert.ThrowsAsync<PantoApiException>(call);
        SecretAssert.NotLeaked(failure, key);
        SecretAssert.NotLeaked(failure, Keys.Secret);
        return failure;
    }
}

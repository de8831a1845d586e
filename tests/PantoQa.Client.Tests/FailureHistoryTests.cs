using PantoQa.Client.Errors;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>A call that failed after retries says what each attempt got; one that can never succeed is not retried.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class FailureHistoryTests(SharedEmulator shared)
{
    [Fact]
    public async Task RetriedFailure_SaysWhatEachAttemptGot_Grouped()
    {
        // Three 503s, then the connection closes without an answer.
        using var stub = new StubServer(n => n < 3 ? StubServer.Response(503, "application/json", """{"detail":"Service Unavailable"}""") : []);
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxRetries = 3);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.Connection, failure.Kind);
        Assert.Contains("failed on all 4 attempt(s): 3 × HTTP 503, then the connection was lost before the answer ended", failure.Message);
    }

    [Fact]
    public async Task RetriedStatus_AllTheSame_SaysItOnce()
    {
        using var stub = new StubServer(StubServer.Response(503, "application/json", """{"detail":"Service Unavailable"}"""));
        using var client = TestClients.Create(stub.BaseAddress, o => o.MaxRetries = 2);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.ServiceUnavailable, failure.Kind);
        Assert.Contains("still answered HTTP 503: Service Unavailable after 3 attempt(s). ", failure.Message);
    }

    [Fact]
    public async Task HttpsToAPlainHttpPort_SaysSo_AndIsNotRetried()
    {
        var plain = shared.Emulator.BaseAddress;
        using var client = TestClients.Create(new Uri($"https://{plain.Authority}"), o => o.MaxRetries = 3);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.Connection, failure.Kind);
        Assert.Equal(1, failure.Attempts);
        Assert.Contains("TLS handshake failed", failure.Message);
        Assert.Contains("use http://", failure.Message);
    }
}

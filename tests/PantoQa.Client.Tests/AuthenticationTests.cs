using System.Net;
using PantoQa.Client.Errors;
using PantoQa.Client.Http;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>A refused key is an answer, not a failure: never retried, and never quoted.</summary>
[Collection(SharedEmulatorCollection.Name)]
public sealed class AuthenticationTests(SharedEmulator shared)
{
    private EmulatorProcess Emulator => shared.Emulator;

    [Theory]
    [InlineData(Keys.Unknown)]
    [InlineData(Keys.Expired)]
    public async Task RefusedKey_IsUnauthorized_AndNotRetried(string key)
    {
        using var client = TestClients.Create(Emulator, key: key);
        var id = $"run_{Guid.NewGuid():N}";

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync(id, CancellationToken.None), key);

        Assert.Equal(PantoErrorKind.Unauthorized, failure.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        Assert.Equal("Invalid or expired API key", failure.ServiceMessage);
        Assert.Equal(1, failure.Attempts);
        Assert.False(failure.IsTransient);
        var sent = Assert.Single(await Emulator.Control.ApiRequestsAsync(r => r.RawTarget.Contains(id)), r => r.RawTarget.Contains(id));
        Assert.Equal(401, sent.Status);
        Assert.True(sent.ApiKeyPresent);
    }

    [Fact]
    public async Task RefusedKey_OnTheTriggerEndpoint_IsUnauthorizedToo()
    {
        using var client = TestClients.Create(Emulator, key: Keys.Unknown);

        var failure = await Failures.OfAsync(() => client.GetTriggerRunsAsync("trigger_01", CancellationToken.None), Keys.Unknown);

        Assert.Equal(PantoErrorKind.Unauthorized, failure.Kind);
        Assert.Equal(1, failure.Attempts);
    }

    [Theory]
    [InlineData("pq_secret_value\r\nX-Injected: 1")]
    [InlineData("pq_secret_value\n")]
    [InlineData("pq_secret\0value")]
    [InlineData("pq_secret_v\u00E4lue")]
    [InlineData("pq_secret\u200Bvalue")]
    [InlineData("pq_secret_\u043A\u043B\u044E\u0447")]
    public async Task KeyThatCannotGoInAHeader_IsRefusedWithoutSendingAnything(string key)
    {
        using var client = TestClients.Create(Emulator, key: key);
        var id = $"run_{Guid.NewGuid():N}";

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync(id, CancellationToken.None), key);

        Assert.Equal(PantoErrorKind.Unauthorized, failure.Kind);
        Assert.Equal(1, failure.Attempts);
        Assert.DoesNotContain("pq_secret", failure.ToString());
        Assert.DoesNotContain(await Emulator.Control.ApiRequestsAsync(), r => r.RawTarget.Contains(id));
    }

    [Fact]
    public async Task EmptyKey_IsRefusedWithoutSendingAnything()
    {
        using var client = TestClients.Create(Emulator, key: " ");
        var id = $"run_{Guid.NewGuid():N}";

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync(id, CancellationToken.None));

        Assert.Equal(PantoErrorKind.Unauthorized, failure.Kind);
        Assert.Contains("empty", failure.Message);
        Assert.DoesNotContain(await Emulator.Control.ApiRequestsAsync(), r => r.RawTarget.Contains(id));
    }

    [Fact]
    public async Task KeySourceThatThrows_FailsTheCall_WithoutRetrying()
    {
        int asked = 0;
        using var client = new PantoClient(new PantoClientOptions { BaseUri = Emulator.BaseAddress }, () =>
        {
            asked++;
            throw new InvalidOperationException("The key store is locked.");
        });

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(1, asked);
        Assert.Equal(1, failure.Attempts);
    }
}

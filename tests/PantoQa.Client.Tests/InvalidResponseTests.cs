using System.Diagnostics;
using System.Net;
using PantoQa.Client.Errors;
using PantoQa.Client.Tests.Infrastructure;

namespace PantoQa.Client.Tests;

/// <summary>
/// A 200 that is not the documented payload is reported as such, in the client's words: the
/// parser's own messages quote the payload and mean nothing to a user.
/// </summary>
public sealed class InvalidResponseTests(FaultEmulator emulator) : IClassFixture<FaultEmulator>
{
    // Fragments of System.Text.Json's exception texts, and of the bodies the emulator sends.
    private static readonly string[] Leaks =
    [
        "LineNumber", "BytePositionInLine", "Path: $", "could not be converted", "is an invalid",
        "JsonException", "JsonReaderException", "<html", "<!DOCTYPE", "Upstream temporarily", "test_runs\":", "{\"",
    ];

    public static TheoryData<string, bool> Bodies => new()
    {
        { "truncate", false },
        { "truncate", true },
        { "nonjson", false },
        { "nonjson", true },
        { "html", false },
        { "html", true },
        { "wrong-content-type", false },
        { "wrong-content-type", true },
        { "null-json", false },
        { "null-json", true },
        { "runs-not-array", false },
        { "runs-not-array", true },
        { "deep-json", false },
        { "deep-json", true },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task UndocumentedBody_IsInvalidResponse_InPlainWords(string kind, bool triggerEndpoint)
    {
        await emulator.FaultAsync(1.0, [kind]);
        using var client = TestClients.Create(emulator.Emulator);

        var failure = await Failures.OfAsync(() => triggerEndpoint
            ? client.GetTriggerRunsAsync("trigger_01", CancellationToken.None)
            : client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.Equal(HttpStatusCode.OK, failure.StatusCode);
        Assert.False(failure.IsTransient);
        Assert.StartsWith("GET /api/v1/qa/external/", failure.Message);
        foreach (var leak in Leaks)
        {
            Assert.DoesNotContain(leak, failure.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        // Retrying a malformed answer would only fetch it again.
        Assert.Equal(1, failure.Attempts);
        Assert.Single(await emulator.Control.ApiRequestsAsync(1));
    }

    [Theory]
    [InlineData("huge-length", false)]
    [InlineData("huge-length", true)]
    [InlineData("endless-body", false)]
    [InlineData("endless-body", true)]
    public async Task OversizedBody_IsRefusedQuickly_WithoutBufferingIt(string kind, bool triggerEndpoint)
    {
        await emulator.FaultAsync(1.0, [kind]);
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxResponseBytes = 1024 * 1024);
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();

        var failure = await Failures.OfAsync(() => triggerEndpoint
            ? client.GetTriggerRunsAsync("trigger_01", CancellationToken.None)
            : client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("1 MiB", failure.Message);
        Assert.Equal(1, failure.Attempts);
        // Generous, as other tests allocate in parallel; trusting the 1 GiB Content-Length or
        // reading the endless body to its end would be far past it.
        Assert.InRange(GC.GetTotalAllocatedBytes() - allocatedBefore, 0, 256L * 1024 * 1024);
    }

    [Fact]
    public async Task BodyJustUnderTheCap_IsRead()
    {
        await emulator.Control.ClearFaultsAsync();
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxResponseBytes = 2048);

        var run = await client.GetTestRunAsync("testrun_01", CancellationToken.None);

        Assert.Equal("testrun_01", run.id);
    }

    [Fact]
    public async Task BodyOverTheCap_IsRefused_EvenWithAnHonestLength()
    {
        await emulator.Control.ClearFaultsAsync();
        using var client = TestClients.Create(emulator.Emulator, o => o.MaxResponseBytes = 100);

        var failure = await Failures.OfAsync(() => client.GetTestRunAsync("testrun_01", CancellationToken.None));

        Assert.Equal(PantoErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("100 bytes", failure.Message);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using PantoQa.Client.Timing;

namespace PantoQa.Client.Tests.Waiting;

public sealed class ClockTests
{
    [Fact]
    public async Task ADelayLongerThanAnyTimer_IsWaitedInSlices_ToTheEnd()
    {
        var time = new FakeTimeProvider();
        var delay = time.DelayAsync(TimeSpan.FromDays(3), CancellationToken.None);

        time.Advance(TimeSpan.FromDays(1));
        time.Advance(TimeSpan.FromDays(1));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromDays(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ADelay_EndsWhenCancelled()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var delay = time.DelayAsync(TimeSpan.FromDays(30_000), cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void CancelAfter_FollowsTheGivenClock()
    {
        var time = new FakeTimeProvider();
        using var source = time.CancelAfter(TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(source.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(source.IsCancellationRequested);
    }

    [Fact]
    public void NoCodeReadsRealTime_OutsideTheClock()
    {
        // Time is a dependency: a direct read or sleep anywhere else could not be driven by a
        // test's clock, and a schedule built on it could only be tested by waiting.
        var banned = new Regex(@"\b(DateTime(Offset)?\.(UtcNow|Now|Today)|Stopwatch|Task\.Delay\s*\(|Thread\.Sleep\s*\(|Environment\.TickCount)");
        string root = RepositoryRoot();
        var offenders = new[] { "src/PantoQa.Client", "src/PantoQa.Cmdlets" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(file => !file.EndsWith(Path.Combine("Timing", "Clock.cs"), StringComparison.Ordinal))
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && banned.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PantoQa.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PantoQa.sln not found above the test assembly.");
    }
}

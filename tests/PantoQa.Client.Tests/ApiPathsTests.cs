using PantoQa.Client.Http;

namespace PantoQa.Client.Tests;

/// <summary>No id can leave its own path segment: it is refused with a reason, or escaped whole.</summary>
public sealed class ApiPathsTests
{
    // Enumerated when the tests run, not at discovery: xunit's serialization of test cases
    // would replace lone surrogates with U+FFFD and so test a different id.
    public static TheoryData<string?, string> RefusedIds => new()
    {
        { null, "empty" },
        { "", "empty" },
        { " ", "empty" },
        { "\t \u00A0\u2003", "empty" },
        { ".", "path navigation" },
        { "..", "path navigation" },
        { "run\r\nX-Injected: 1", "control character U+000D" },
        { "run\n", "control character U+000A" },
        { "run\0", "control character U+0000" },
        { "\u0085next-line", "control character U+0085" },
        { "run\u007F", "control character U+007F" },
        { "lone\uD83Dhigh", "surrogate at position 4" },
        { "lone\uDE00low", "surrogate at position 4" },
        { "\uDE00\uD83D", "surrogate at position 0" },
        { "ends-high\uD83D", "surrogate at position 9" },
        { new string('a', ApiPaths.MaxIdLength + 1), "more than the 1024" },
        { new string('x', 100 * 1024), "102400 characters" },
    };

    [Theory]
    [MemberData(nameof(RefusedIds), DisableDiscoveryEnumeration = true)]
    public void Validate_RefusesWithAReason(string? id, string reason)
    {
        var problem = ApiPaths.Validate(id);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [MemberData(nameof(RefusedIds), DisableDiscoveryEnumeration = true)]
    public void Builders_RefuseWhatValidateRefuses_WithoutQuotingTheId(string? id, string reason)
    {
        var forRun = Assert.Throws<ArgumentException>(() => ApiPaths.TestRun(id!));
        var forTrigger = Assert.Throws<ArgumentException>(() => ApiPaths.TriggerRuns(id!));

        Assert.Contains(reason, forRun.Message);
        Assert.Contains("test run id", forRun.Message);
        Assert.Contains("trigger id", forTrigger.Message);
        if (id is { Length: > 2 })
        {
            // Ids can be pasted secrets or megabytes of junk; the message describes, never echoes.
            Assert.DoesNotContain(id, forRun.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> EscapedIds => new()
    {
        { "testrun_01", "testrun_01" },
        { "../test-runs-by-trigger/x", "..%2Ftest-runs-by-trigger%2Fx" },
        { "%2F", "%252F" },
        { "%2e%2e", "%252e%252e" },
        { "?x=1", "%3Fx%3D1" },
        { "a#b", "a%23b" },
        { "a\\..\\b", "a%5C..%5Cb" },
        { "...", "..." },
        { " . ", "%20.%20" },
        { "a b+c&d;e", "a%20b%2Bc%26d%3Be" },
        { "\U0001F600", "%F0%9F%98%80" },
        { "\u200Fid\u202E", "%E2%80%8Fid%E2%80%AE" },
        { "测试", "%E6%B5%8B%E8%AF%95" },
        { "a\u2028b", "a%E2%80%A8b" },
        { new string('a', ApiPaths.MaxIdLength), new string('a', ApiPaths.MaxIdLength) },
    };

    [Theory]
    [MemberData(nameof(EscapedIds), DisableDiscoveryEnumeration = true)]
    public void TestRun_EscapesTheIdAsOneSegment(string id, string segment)
    {
        Assert.Null(ApiPaths.Validate(id));

        var path = ApiPaths.TestRun(id);

        Assert.Equal(ApiPaths.TestRunPrefix + segment, path);
        AssertOneSegment(path, ApiPaths.TestRunPrefix, id);
    }

    [Theory]
    [MemberData(nameof(EscapedIds), DisableDiscoveryEnumeration = true)]
    public void TriggerRuns_EscapesTheIdAsOneSegment(string id, string segment)
    {
        var path = ApiPaths.TriggerRuns(id);

        Assert.Equal(ApiPaths.TriggerRunsPrefix + segment, path);
        AssertOneSegment(path, ApiPaths.TriggerRunsPrefix, id);
    }

    [Fact]
    public void LongestAllowedId_OfFourByteCharacters_StillMakesAUsableUri()
    {
        // 512 emoji are 1024 UTF-16 units and 6 KB once escaped: well inside what Uri accepts.
        var id = string.Concat(Enumerable.Repeat("\U0001F600", ApiPaths.MaxIdLength / 2));

        var path = ApiPaths.TestRun(id);
        var uri = new Uri(new Uri("https://qa-app.getpanto.ai"), path);

        Assert.Equal(path, uri.AbsolutePath);
        Assert.Equal(id, Uri.UnescapeDataString(path[ApiPaths.TestRunPrefix.Length..]));
    }

    private static void AssertOneSegment(string path, string prefix, string id)
    {
        Assert.StartsWith(prefix, path, StringComparison.Ordinal);
        var segment = path[prefix.Length..];
        Assert.NotEqual("", segment);
        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('?', segment);
        Assert.DoesNotContain('#', segment);
        Assert.DoesNotContain('\\', segment);
        Assert.All(segment, c => Assert.InRange(c, '!', '~'));
        Assert.Equal(id, Uri.UnescapeDataString(segment));

        // What actually goes on the wire: System.Uri must neither resolve nor unescape the segment.
        var uri = new Uri("https://qa-app.getpanto.ai" + path);
        Assert.Equal(path, uri.AbsolutePath);
        Assert.Equal("", uri.Query);
        Assert.Equal("", uri.Fragment);
    }
}

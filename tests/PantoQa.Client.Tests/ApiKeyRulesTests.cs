using PantoQa.Client.Http;

namespace PantoQa.Client.Tests;

public sealed class ApiKeyRulesTests
{
    [Theory]
    [InlineData("pq_live_7Hk2Xw9Qz4Lm8Rt1Vb6Nc3Yd5Fg0Js")]
    [InlineData("emulator-key")]
    [InlineData("k")]
    public void Validate_AcceptsOrdinaryKeys(string key) => ApiKeyRules.Validate(key);

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("\r\n", "empty")]
    [InlineData("pq_secret_value\r\nX-Forwarded-For: 1.2.3.4", "line break")]
    [InlineData("pq_secret_value\n", "line break")]
    [InlineData("pq_secret\rvalue", "line break")]
    [InlineData("pq_secret\0value", "control character")]
    [InlineData("pq_secret\tvalue", "control character")]
    [InlineData("pq_secret\u007Fvalue", "control character")]
    [InlineData("pq_secret_v\u00E4lue", "outside plain ASCII")]
    [InlineData("pq_secret\u00A0value", "outside plain ASCII")]
    [InlineData("pq_secret\u200Bvalue", "outside plain ASCII")]
    [InlineData("pq_secret\uFEFFvalue", "outside plain ASCII")]
    [InlineData("pq_secret_\U0001F511", "outside plain ASCII")]
    public void Validate_RefusesKeysThatCannotGoInAHeader_WithoutQuotingThem(string? key, string reason)
    {
        var refused = Assert.Throws<ArgumentException>(() => ApiKeyRules.Validate(key));

        Assert.Contains(reason, refused.Message);
        Assert.DoesNotContain("pq_secret", refused.ToString());
    }

    [Theory]
    [InlineData("pq_live_7Hk2Xw9Qz4Lm8Rt1Vb6Nc3Yd5Fg0Js", "****g0Js")]
    [InlineData("123456789", "****6789")]
    [InlineData("12345678", "****")]
    [InlineData("abc", "****")]
    [InlineData("", "****")]
    public void Hint_ShowsAtMostTheLastFourCharacters(string key, string hint)
    {
        Assert.Equal(hint, ApiKeyRules.Hint(key));
    }

    [Fact]
    public void Hint_NeverShowsMoreThanFourCharactersOfTheKey()
    {
        const string key = "pq_live_7Hk2Xw9Qz4Lm8Rt1Vb6Nc3Yd5Fg0Js";

        var hint = ApiKeyRules.Hint(key);

        Assert.Equal(4, hint.TrimStart('*').Length);
        Assert.DoesNotContain(key[..^4], hint);
    }
}

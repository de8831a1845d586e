using PantoQa.Client.Http;

namespace PantoQa.Client.Tests;

/// <summary>The key travels in a header, so the base URI decides who may read it.</summary>
public sealed class PantoClientOptionsTests
{
    [Theory]
    [InlineData("https://qa-app.getpanto.ai")]
    [InlineData("https://qa-app.getpanto.ai/")]
    [InlineData("https://qa-app.getpanto.ai:8443/prefix/")]
    [InlineData("https://example.com")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.2")]
    [InlineData("http://127.255.255.254:1")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://LOCALHOST")]
    public void ValidateBaseUri_Accepts(string uri) => PantoClientOptions.ValidateBaseUri(new Uri(uri));

    [Theory]
    [InlineData("http://example.com", "clear text")]
    [InlineData("http://qa-app.getpanto.ai", "clear text")]
    [InlineData("http://10.0.0.1", "clear text")]
    [InlineData("http://128.0.0.1", "clear text")]
    [InlineData("http://0.0.0.0", "clear text")]
    [InlineData("http://[::2]", "clear text")]
    [InlineData("http://localhost.example.com", "clear text")]
    [InlineData("http://127.0.0.1.nip.io", "clear text")]
    [InlineData("ftp://qa-app.getpanto.ai", "must use https")]
    [InlineData("file:///etc/passwd", "must use https")]
    [InlineData("https://qa-app.getpanto.ai/?tenant=1", "query")]
    [InlineData("https://qa-app.getpanto.ai/#top", "fragment")]
    [InlineData("https://user@qa-app.getpanto.ai", "user info")]
    public void ValidateBaseUri_Refuses(string uri, string reason)
    {
        var refused = Assert.Throws<ArgumentException>(() => PantoClientOptions.ValidateBaseUri(new Uri(uri)));

        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public void ValidateBaseUri_RefusesARelativeUri()
    {
        var refused = Assert.Throws<ArgumentException>(() => PantoClientOptions.ValidateBaseUri(new Uri("/api", UriKind.Relative)));

        Assert.Contains("absolute", refused.Message);
    }

    [Theory]
    [InlineData("https://pantouser:s3cr3t-pw@qa-app.getpanto.ai/?api_key=k3y-in-query", "qa-app.getpanto.ai")]
    [InlineData("http://pantouser:s3cr3t-pw@127.0.0.1:5080/", "127.0.0.1:5080")]
    public void ValidateBaseUri_NeverQuotesCredentialsItRefuses(string uri, string host)
    {
        var refused = Assert.Throws<ArgumentException>(() => PantoClientOptions.ValidateBaseUri(new Uri(uri)));

        Assert.DoesNotContain("s3cr3t-pw", refused.Message);
        Assert.DoesNotContain("pantouser", refused.Message);
        Assert.DoesNotContain("k3y-in-query", refused.Message);
        Assert.Contains(host, refused.Message);
    }

    [Fact]
    public void Defaults_AreValidAndPointAtTheService()
    {
        var options = new PantoClientOptions();

        options.Validate();
        Assert.Equal(new Uri("https://qa-app.getpanto.ai"), options.BaseUri);
        Assert.Equal(3, options.MaxRetries);
    }

    public static TheoryData<Action<PantoClientOptions>, string> InvalidSettings => new()
    {
        { o => o.MaxRetries = -1, "MaxRetries" },
        { o => o.MaxRetries = PantoClientOptions.MaxRetriesLimit + 1, "MaxRetries" },
        { o => o.Timeout = TimeSpan.Zero, "timeout" },
        { o => o.Timeout = TimeSpan.FromSeconds(-1), "timeout" },
        { o => o.Timeout = TimeSpan.FromDays(60), "at most a day" },
        { o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(-1), "Retry delays" },
        { o => o.MaxRetryDelay = o.RetryBaseDelay - TimeSpan.FromMilliseconds(1), "Retry delays" },
        { o => o.MaxRetryDelay = TimeSpan.FromDays(2), "at most a day" },
        {
            o =>
            {
                o.RetryBaseDelay = TimeSpan.FromDays(2);
                o.MaxRetryDelay = TimeSpan.FromDays(3);
            },
            "at most a day"
        },
        { o => o.MaxResponseBytes = 0, "size cap" },
        { o => o.MaxResponseBytes = 3L << 30, "at most 1 GiB" },
        { o => o.BaseUri = new Uri("http://example.com"), "clear text" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validate_RefusesUnusableSettings(Action<PantoClientOptions> change, string reason)
    {
        var options = new PantoClientOptions();
        change(options);

        var refused = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public void Limits_AreAccepted()
    {
        var options = new PantoClientOptions
        {
            MaxRetries = PantoClientOptions.MaxRetriesLimit,
            Timeout = TimeSpan.FromDays(1),
            RetryBaseDelay = TimeSpan.FromDays(1),
            MaxRetryDelay = TimeSpan.FromDays(1),
            MaxResponseBytes = 1L << 30,
        };

        using var client = new PantoClient(options, () => "key");
    }

    [Fact]
    public void Client_ValidatesItsOptionsBeforeAnything()
    {
        var options = new PantoClientOptions { BaseUri = new Uri("http://example.com") };

        Assert.Throws<ArgumentException>(() => new PantoClient(options, () => "key"));
    }
}

using System.Text.Json;
using PantoQa.Client.Json;
using PantoQa.Client.Models;

namespace PantoQa.Client.Tests;

/// <summary>The trigger request model: its JSON on the wire and its value equality.</summary>
public sealed class TriggerRequestTests
{
    private static KeyValuePair<string, IEnumerable<string>> Tag(string name, params string[] values) => new(name, values);

    private static TriggerDevice Pixel => new("android", "Pixel 6", "14");

    private static string Json(TriggerRequest request) =>
        JsonSerializer.Serialize(TriggerRequestBody.From(request), PantoJsonContext.Default.TriggerRequestBody);

    [Fact]
    public void FullRequest_IsTheDocumentedBody()
    {
        var request = new TriggerRequest(
            "build_file_id",
            TriggerTags.Include([Tag("tag_name", "value_1", "value_2")]),
            [Pixel],
            "staging",
            "logged-in-user");

        JsonAssert.Equal(
            """{"app_id":"build_file_id","tags":{"include":{"tag_name":["value_1","value_2"]}},"devices":[{"platform":"android","device_name":"Pixel 6","platform_version":"14"}],"env_name":"staging","context_name":"logged-in-user"}""",
            Json(request));
    }

    [Fact]
    public void OptionalParts_AreLeftOut_NotSentAsNull()
    {
        var request = new TriggerRequest("app_01", TriggerTags.Exclude([Tag("team", "payments")]), [new TriggerDevice(null, "Galaxy S24", "14")]);

        JsonAssert.Equal(
            """{"app_id":"app_01","tags":{"exclude":{"team":["payments"]}},"devices":[{"device_name":"Galaxy S24","platform_version":"14"}]}""",
            Json(request));
    }

    [Fact]
    public void FlowNames_GoUnderIncludeTags_WithTheNameKey_AndOneValueIsStillAnArray()
    {
        var byName = new TriggerRequest("app_01", TriggerTags.FlowNames(["Login"]), [Pixel]);
        var oneValue = new TriggerRequest("app_01", new TriggerTags("exclude_tags", [Tag("priority", "p2")]), [Pixel]);

        Assert.Contains("\"tags\":{\"include_tags\":{\"_$NAME\":[\"Login\"]}}", Json(byName), StringComparison.Ordinal);
        Assert.Contains("\"tags\":{\"exclude_tags\":{\"priority\":[\"p2\"]}}", Json(oneValue), StringComparison.Ordinal);
    }

    [Fact]
    public void NamesAndValues_AreSentAsGiven()
    {
        var request = new TriggerRequest("app ü/1", TriggerTags.Include([Tag("Team", "Pay \"ments\"", "b", "a")]), [new TriggerDevice("iOS", "iPhone 15 Pro", "17.4")]);

        using var json = JsonDocument.Parse(Json(request));
        var root = json.RootElement;
        Assert.Equal("app ü/1", root.GetProperty("app_id").GetString());
        Assert.Equal(["Pay \"ments\"", "b", "a"], root.GetProperty("tags").GetProperty("include").GetProperty("Team").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("iPhone 15 Pro", root.GetProperty("devices")[0].GetProperty("device_name").GetString());
        Assert.Equal("iOS", root.GetProperty("devices")[0].GetProperty("platform").GetString());
    }

    [Fact]
    public void SameRequest_IsEqual_WhateverTheOrderOfTagsAndValues()
    {
        var a = new TriggerRequest("app_01", TriggerTags.Include([Tag("team", "a", "b"), Tag("priority", "p1")]), [Pixel], "staging");
        var b = new TriggerRequest("app_01", TriggerTags.Include([Tag("priority", "p1"), Tag("team", "b", "a", "a")]), [new TriggerDevice("android", "Pixel 6", "14")], "staging");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.CanonicalKey, b.CanonicalKey);
        Assert.Single(new HashSet<TriggerRequest> { a, b });
    }

    [Theory]
    [InlineData("app_02", "include", "team", "a", "Pixel 6", null, null)]
    [InlineData("app_01", "exclude", "team", "a", "Pixel 6", null, null)]
    [InlineData("app_01", "include_tags", "team", "a", "Pixel 6", null, null)]
    [InlineData("app_01", "include", "Team", "a", "Pixel 6", null, null)]
    [InlineData("app_01", "include", "team", "A", "Pixel 6", null, null)]
    [InlineData("app_01", "include", "team", "a", "Pixel 7", null, null)]
    [InlineData("app_01", "include", "team", "a", "Pixel 6", "staging", null)]
    [InlineData("app_01", "include", "team", "a", "Pixel 6", null, "guest")]
    public void AnyDifference_MakesAnotherRequest(string appId, string selector, string tag, string value, string device, string? env, string? context)
    {
        var baseline = new TriggerRequest("app_01", new TriggerTags("include", [Tag("team", "a")]), [Pixel]);
        var other = new TriggerRequest(appId, new TriggerTags(selector, [Tag(tag, value)]), [new TriggerDevice("android", device, "14")], env, context);

        Assert.NotEqual(baseline, other);
    }

    [Fact]
    public void Key_CannotBeFooledBySeparatorsInValues()
    {
        var a = new TriggerRequest("a", TriggerTags.Include([Tag("t", "x;value=y")]), [Pixel]);
        var b = new TriggerRequest("a", TriggerTags.Include([Tag("t", "x", "y")]), [Pixel]);
        var noPlatform = new TriggerRequest("a", TriggerTags.Include([Tag("t", "x")]), [new TriggerDevice(null, "d", "1")]);
        var emptyPlatform = new TriggerRequest("a", TriggerTags.Include([Tag("t", "x")]), [new TriggerDevice("", "d", "1")]);

        Assert.NotEqual(a, b);
        Assert.NotEqual(noPlatform, emptyPlatform);
    }

    [Fact]
    public void IncompleteRequests_AreRefusedBeforeAnythingIsSent()
    {
        var tags = TriggerTags.Include([Tag("t", "x")]);
        Assert.Throws<ArgumentException>(() => new TriggerRequest(" ", tags, [Pixel]));
        Assert.Throws<ArgumentException>(() => new TriggerRequest("app", tags, []));
        Assert.Throws<ArgumentException>(() => new TriggerRequest("app", tags, [null!]));
        Assert.Throws<ArgumentException>(() => new TriggerTags("includes", [Tag("t", "x")]));
        Assert.Throws<ArgumentException>(() => new TriggerTags("include", [Tag("", "x")]));
        Assert.Throws<ArgumentException>(() => new TriggerTags("include", [Tag("t", "x"), Tag("t", "y")]));
        Assert.Throws<ArgumentException>(() => new TriggerTags("include", [new KeyValuePair<string, IEnumerable<string>>("t", null!)]));
        Assert.Throws<ArgumentException>(() => new TriggerDevice("android", "", "14"));
        Assert.Throws<ArgumentException>(() => new TriggerDevice("android", "Pixel", " "));
    }

    [Theory]
    [InlineData("android:Pixel 6:14", "android", "Pixel 6", "14")]
    [InlineData("Pixel 6:14", null, "Pixel 6", "14")]
    [InlineData(" ios : iPhone 15 Pro : 17.4 ", "ios", "iPhone 15 Pro", "17.4")]
    public void DeviceText_IsReadInEitherForm(string text, string? platform, string name, string version)
    {
        var device = TriggerDevice.Parse(text);

        Assert.Equal(platform, device.Platform);
        Assert.Equal(name, device.DeviceName);
        Assert.Equal(version, device.PlatformVersion);
        Assert.Equal(device.ToString(), TriggerDevice.Parse(device.ToString()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Pixel 6")]
    [InlineData("android:Pixel 6:14:extra")]
    [InlineData("android::14")]
    [InlineData(":14")]
    public void OtherDeviceText_IsRefused_SayingWhatWorks(string text)
    {
        var failure = Assert.Throws<FormatException>(() => TriggerDevice.Parse(text));

        Assert.Contains("'platform:device name:version' or 'device name:version'", failure.Message);
    }
}

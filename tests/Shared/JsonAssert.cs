using System.Text.Json;

namespace PantoQa.Testing;

public static class JsonAssert
{
    /// <summary>
    /// Same names in the same order, same value kinds (so null is null, not a missing field or ""),
    /// same values. Stricter than comparing deserialized objects, which is the point.
    /// </summary>
    public static void Equal(string expectedJson, JsonElement actual)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        Equal(expected.RootElement, actual, "$");
    }

    public static void Equal(string expectedJson, string actualJson)
    {
        using var actual = JsonDocument.Parse(actualJson);
        Equal(expectedJson, actual.RootElement);
    }

    private static void Equal(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind} but got {actual.ValueKind} ({actual.GetRawText()})");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                Assert.True(expectedNames.SequenceEqual(actualNames), $"{path}: expected fields [{string.Join(", ", expectedNames)}] but got [{string.Join(", ", actualNames)}]");
                foreach (var name in expectedNames)
                {
                    Equal(expected.GetProperty(name), actual.GetProperty(name), $"{path}.{name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: expected {expected.GetArrayLength()} items but got {actual.GetArrayLength()}");
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    Equal(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: expected \"{expected.GetString()}\" but got \"{actual.GetString()}\"");
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path}: expected {expected.GetRawText()} but got {actual.GetRawText()}");
                break;
        }
    }
}

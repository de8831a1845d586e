using System.Text.Json;

namespace PantoQa.Emulator.Scenario;

/// <summary>Reads scenario documents from the embedded default, a file, or a request body.</summary>
public static class ScenarioSource
{
    private const string DefaultResourceName = "PantoQa.Emulator.default-scenario.json";

    public static ScenarioDocument ReadDefault()
    {
        using var stream = typeof(ScenarioSource).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultResourceName} is missing from the build.");
        return Read(stream);
    }

    /// <remarks>The messages do not name the file; the caller does.</remarks>
    public static ScenarioDocument ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static async Task<ScenarioDocument> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(body, ScenarioJsonContext.Default.ScenarioDocument, cancellationToken)
                ?? throw NotAnObject();
        }
        catch (JsonException e)
        {
            throw NotValid(e);
        }
    }

    private static ScenarioDocument Read(Stream stream)
    {
        try
        {
            return JsonSerializer.Deserialize(stream, ScenarioJsonContext.Default.ScenarioDocument) ?? throw NotAnObject();
        }
        catch (JsonException e)
        {
            throw NotValid(e);
        }
    }

    private static ScenarioException NotAnObject() => new("The scenario must be a JSON object, not null.");

    private static ScenarioException NotValid(JsonException e) => new($"The scenario is not valid: {e.Message}");
}

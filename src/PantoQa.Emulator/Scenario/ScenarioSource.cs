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
        return Read(stream, "the default scenario");
    }

    public static ScenarioDocument ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static async Task<ScenarioDocument> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(body, ScenarioJsonContext.Default.ScenarioDocument, cancellationToken)
                ?? throw new ScenarioException("The scenario must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"The scenario is not valid: {e.Message}");
        }
    }

    private static ScenarioDocument Read(Stream stream, string name)
    {
        try
        {
            return JsonSerializer.Deserialize(stream, ScenarioJsonContext.Default.ScenarioDocument)
                ?? throw new ScenarioException($"{name} must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{name} is not valid: {e.Message}");
        }
    }
}

using System.Text.Json;
using PantoQa.Emulator.Payloads;
using PantoQa.Emulator.Triggers;

namespace PantoQa.Emulator.Endpoints;

/// <summary>GET and POST /_emulator/trigger-settings: how new trigger requests behave.</summary>
internal sealed class TriggerSettingsEndpoint(TriggerSettingsInForce settings)
{
    public Task GetAsync(HttpContext context) => WriteAsync(context, settings.Current);

    /// <summary>Replaces the settings in force (a field left out takes its command-line default) and answers them.</summary>
    public async Task SetAsync(HttpContext context)
    {
        TriggerSettings replacement;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            replacement = TriggerSettingsJson.Read(body.RootElement, settings.Defaults);
        }
        catch (JsonException e)
        {
            await ControlEndpoints.WriteErrorAsync(context, 400, $"The request body is not valid: {e.Message}");
            return;
        }
        catch (ArgumentException e)
        {
            await ControlEndpoints.WriteErrorAsync(context, 400, e.Message);
            return;
        }

        settings.Replace(replacement);
        await WriteAsync(context, replacement);
    }

    private static Task WriteAsync(HttpContext context, TriggerSettings inForce) =>
        Responses.WriteAsync(context, 200, JsonOutput.Write(inForce, TriggerSettingsJson.Write));
}

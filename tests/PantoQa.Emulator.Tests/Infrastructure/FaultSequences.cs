using System.Net;
using System.Text.Json;

namespace PantoQa.Emulator.Tests.Infrastructure;

public static class FaultSequences
{
    public const int Requests = 40;

    /// <summary>The statuses of the next <see cref="Requests"/> /api requests, alternating between the two endpoints.</summary>
    public static async Task<List<int>> StatusesAsync(EmulatorProcess emulator)
    {
        var statuses = new List<int>(Requests);
        for (var i = 0; i < Requests; i++)
        {
            var response = i % 2 == 0 ? await emulator.GetRunAsync("r1") : await emulator.GetTriggerAsync("t1");
            statuses.Add((int)response.Status);
        }

        return statuses;
    }

    public static async Task ConfigureAsync(EmulatorProcess emulator, object config)
    {
        var response = await emulator.SendAsync(HttpMethod.Post, "/_emulator/faults", JsonSerializer.Serialize(config));
        Assert.True(response.Status == HttpStatusCode.OK, $"POST /_emulator/faults answered {(int)response.Status}: {response.Body}");
    }
}

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
}

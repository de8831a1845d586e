using System.Net.Sockets;
using System.Text;

namespace PantoQa.Emulator.Tests.Infrastructure;

/// <summary>
/// Sends a request target byte for byte. HttpClient would normalize "..", and some escapes, before
/// sending; the security tests need exactly what a hostile or careless client could put on the wire.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Body)> GetAsync(EmulatorProcess emulator, string rawTarget, string? key = Api.Key)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(emulator.BaseAddress.Host, emulator.BaseAddress.Port);
        await using var stream = client.GetStream();
        var request = new StringBuilder()
            .Append("GET ").Append(rawTarget).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(emulator.BaseAddress.Authority).Append("\r\n")
            .Append(key is null ? "" : $"{Api.KeyHeader}: {key}\r\n")
            .Append("Connection: close\r\n\r\n")
            .ToString();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, response[(bodyStart + 4)..]);
    }
}

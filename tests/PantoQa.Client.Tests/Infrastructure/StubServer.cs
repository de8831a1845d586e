using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP server that answers each request with canned bytes, for response shapes the
/// emulator has no fault for: a BOM, gzip, odd status codes, an echoed key. It records every
/// request head as it arrived. One request per connection.
/// </summary>
public sealed class StubServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<int, byte[]> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private int _count;

    /// <param name="respond">The response to the n-th request, counting from 0.</param>
    public StubServer(Func<int, byte[]> respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _ = AcceptAllAsync();
    }

    public StubServer(byte[] always)
        : this(_ => always)
    {
    }

    public Uri BaseAddress { get; }

    /// <summary>Each request's line and headers, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Each request's body as UTF-8 text (empty without one), in arrival order.</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    public static byte[] Response(int status, string? contentType, string body, params (string Name, string Value)[] headers) =>
        Response(status, contentType, Encoding.UTF8.GetBytes(body), headers);

    public static byte[] Response(int status, string? contentType, byte[] body, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} Status\r\nConnection: close\r\nContent-Length: {body.Length}\r\n");
        if (contentType is not null)
        {
            head.Append($"Content-Type: {contentType}\r\n");
        }

        foreach (var (name, value) in headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAllAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        using (connection)
        {
            try
            {
                var stream = connection.GetStream();
                var head = await ReadHeadAsync(stream);
                // Read before answering: closing with unread bytes would reset the connection under the response.
                var body = await ReadBodyAsync(stream, head);
                _requests.Enqueue(head);
                _bodies.Enqueue(body);
                var response = _respond(Interlocked.Increment(ref _count) - 1);
                await stream.WriteAsync(response, _stop.Token);
                connection.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client went away first; that is its business.
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var buffer = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(buffer, _stop.Token) == 0)
            {
                break;
            }

            head.Add(buffer[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }

    private async Task<string> ReadBodyAsync(NetworkStream stream, string head)
    {
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read), _stop.Token);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return Encoding.UTF8.GetString(body, 0, read);
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}

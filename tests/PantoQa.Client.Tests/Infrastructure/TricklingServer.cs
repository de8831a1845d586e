using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PantoQa.Client.Tests.Infrastructure;

/// <summary>
/// A loopback server whose one answer is a 200 JSON body that never ends but grows only a few
/// bytes at a time: a client reading it is in the middle of the body for as long as the test
/// wants, and no size cap can end the read first, as one could against the emulator's
/// full-speed endless body.
/// </summary>
public sealed class TricklingServer : IDisposable
{
    private static readonly byte[] Head = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");

    private static readonly byte[] Item = Chunk("""{"id":"endless","runner_status":"in_process"},""");

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _bodyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TricklingServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _ = ServeAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Completes once the head and the first bytes of the body are on the wire.</summary>
    public Task BodyStarted => _bodyStarted.Task;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private static byte[] Chunk(string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        return [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];
    }

    private async Task ServeAsync()
    {
        try
        {
            using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = connection.GetStream();
            await ReadHeadAsync(stream);
            await stream.WriteAsync(Head, _stop.Token);
            await stream.WriteAsync(Chunk("""{"test_runs":["""), _stop.Token);
            await stream.FlushAsync(_stop.Token);
            _bodyStarted.TrySetResult();
            while (true)
            {
                await Task.Delay(100, _stop.Token);
                await stream.WriteAsync(Item, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the test is over: either ends the body.
        }
    }

    private async Task ReadHeadAsync(NetworkStream stream)
    {
        var last = new Queue<byte>(4);
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer, _stop.Token) == 1)
        {
            if (last.Count == 4)
            {
                last.Dequeue();
            }

            last.Enqueue(buffer[0]);
            if (last.SequenceEqual("\r\n\r\n"u8.ToArray()))
            {
                return;
            }
        }
    }
}

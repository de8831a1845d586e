using System.Text.Json;
using System.Threading.Channels;
using PantoQa.Emulator.Payloads;

namespace PantoQa.Emulator.Requests;

/// <summary>
/// Appends the request log to a JSON-lines file from a background writer, so a slow disk never
/// holds up a response. Lines are flushed as soon as the queue runs empty, so a test that reads
/// the file shortly after its last request sees it.
/// </summary>
public sealed class RequestLogFile : IAsyncDisposable
{
    private readonly Channel<RequestLogEntry> _queue = Channel.CreateUnbounded<RequestLogEntry>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream _stream;
    private readonly Task _writer;

    public RequestLogFile(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _writer = Task.Run(WriteAllAsync);
    }

    public void Append(RequestLogEntry entry) => _queue.Writer.TryWrite(entry);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _stream.DisposeAsync();
    }

    private async Task WriteAllAsync()
    {
        var newline = "\n"u8.ToArray();
        await using var writer = new Utf8JsonWriter(_stream, JsonOutput.WriterOptions);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (_queue.Reader.TryRead(out var entry))
            {
                entry.WriteTo(writer);
                await writer.FlushAsync();
                writer.Reset();
                await _stream.WriteAsync(newline);
            }

            await _stream.FlushAsync();
        }
    }
}

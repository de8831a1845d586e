using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PantoQa.Client.Errors;

namespace PantoQa.Client.Http;

/// <summary>
/// Reads a body to its end without ever holding more than the cap, whatever Content-Length
/// claims, so a hostile or broken server cannot exhaust memory.
/// </summary>
/// <remarks>
/// The body is gathered in small pooled segments and copied once into an array of its exact
/// size. One growing buffer rented from the shared pool would stay in the pool after the call:
/// every endless or oversized body then left buffers of up to twice the cap behind, per
/// thread, for the life of the process.
/// </remarks>
internal static class BoundedBodyReader
{
    // Small enough that the shared pool keeps only a handful, large enough for few reads.
    private const int SegmentSize = 64 * 1024;

    // A declared length is trusted for one exact allocation only up to here: a claim is not
    // data, and a stalled server claiming the whole cap must not cost the whole cap at once.
    private const long MaxPreallocation = 16L * 1024 * 1024;

    /// <param name="method">The request's method, for messages: a POST's unread answer means something else than a GET's.</param>
    /// <param name="status">The answer's status, carried by the exception so a caller can tell an unread success from an unread refusal.</param>
    internal static async Task<(byte[] Body, int Length)> ReadAsync(HttpContent content, long maxBytes, string method, string path, HttpStatusCode status, int attempt, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(method, path, status, maxBytes, attempt);
        }

        var segments = new List<byte[]>();
        long total = 0;
        try
        {
#if NET
            using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            using Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            if (content.Headers.ContentLength is { } declared && declared <= MaxPreallocation)
            {
                // Within the cap (checked above), a declared length is read straight into an
                // array of that size: gathering segments and copying them would hold the
                // body twice at once, megabytes more for a trigger of ten thousand runs.
                byte[] exact = new byte[declared];
                int length = await FillAsync(stream, exact, cancellationToken).ConfigureAwait(false);
                if (length == exact.Length && await FillAsync(stream, new byte[1], cancellationToken).ConfigureAwait(false) > 0)
                {
                    throw RequestErrors.For(
                        PantoErrorKind.InvalidResponse,
                        method,
                        path,
                        "answered with a body longer than the Content-Length it declared; it was not read.",
                        status,
                        attempts: attempt);
                }

                return (exact, length);
            }

            while (true)
            {
                byte[] segment = ArrayPool<byte>.Shared.Rent(SegmentSize);
                segments.Add(segment);
                int filled = await FillAsync(stream, segment, cancellationToken).ConfigureAwait(false);
                total += filled;
                if (total > maxBytes)
                {
                    // Past the cap by at most one segment: enough to know, and nothing more is read.
                    throw TooLarge(method, path, status, maxBytes, attempt);
                }

                if (filled < segment.Length)
                {
                    break;
                }
            }

            byte[] body = new byte[total];
            int offset = 0;
            foreach (byte[] segment in segments)
            {
                int count = (int)Math.Min(segment.Length, total - offset);
                Buffer.BlockCopy(segment, 0, body, offset, count);
                offset += count;
            }

            return (body, body.Length);
        }
        finally
        {
            foreach (byte[] segment in segments)
            {
                ArrayPool<byte>.Shared.Return(segment);
            }
        }
    }

    /// <summary>Reads until the segment is full or the body ends; returns how many bytes it holds.</summary>
    private static async Task<int> FillAsync(Stream stream, byte[] segment, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < segment.Length)
        {
#if NET
            int read = await stream.ReadAsync(segment.AsMemory(filled), cancellationToken).ConfigureAwait(false);
#else
            int read = await stream.ReadAsync(segment, filled, segment.Length - filled, cancellationToken).ConfigureAwait(false);
#endif
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private static PantoApiException TooLarge(string method, string path, HttpStatusCode status, long maxBytes, int attempt) =>
        RequestErrors.For(
            PantoErrorKind.InvalidResponse,
            method,
            path,
            $"answered with a body larger than {Size(maxBytes)}, the most this client reads; it was not read.",
            status,
            attempts: attempt);

    // Whole MiB when the cap is set in MiB; a smaller cap in MiB would read "0 MiB".
    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}

using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PantoQa.Client
{
    /// <summary>
    /// Reads a body to its end without ever holding more than the cap, whatever Content-Length
    /// claims, so a hostile or broken server cannot exhaust memory.
    /// </summary>
    internal static class BoundedBodyReader
    {
        internal static async Task<(byte[] Body, int Length)> ReadAsync(HttpContent content, long maxBytes, string path, int attempt, CancellationToken cancellationToken)
        {
            long? declared = content.Headers.ContentLength;
            if (declared > maxBytes)
            {
                throw TooLarge(path, maxBytes, attempt);
            }

            // Trust a declared length only as a first guess, never beyond the cap.
            int capacity = declared is { } length && length > 0 ? (int)Math.Min(length, maxBytes) : 16 * 1024;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
            int filled = 0;
            try
            {
#if NET
                using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
                using Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                while (true)
                {
                    if (filled == buffer.Length)
                    {
                        if (buffer.Length >= maxBytes)
                        {
                            // Full at the cap: one more byte means the body is too large.
                            byte[] probe = new byte[1];
#if NET
                            int extra = await stream.ReadAsync(probe.AsMemory(), cancellationToken).ConfigureAwait(false);
#else
                            int extra = await stream.ReadAsync(probe, 0, 1, cancellationToken).ConfigureAwait(false);
#endif
                            if (extra > 0)
                            {
                                throw TooLarge(path, maxBytes, attempt);
                            }

                            break;
                        }

                        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes));
                        Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int toRead = (int)Math.Min(buffer.Length - filled, maxBytes - filled);
#if NET
                    int read = await stream.ReadAsync(buffer.AsMemory(filled, toRead), cancellationToken).ConfigureAwait(false);
#else
                    int read = await stream.ReadAsync(buffer, filled, toRead, cancellationToken).ConfigureAwait(false);
#endif
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }

                byte[] body = new byte[filled];
                Buffer.BlockCopy(buffer, 0, body, 0, filled);
                return (body, filled);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static PantoApiException TooLarge(string path, long maxBytes, int attempt) =>
            new PantoApiException(
                PantoErrorKind.InvalidResponse,
                $"GET {path} answered with a body larger than {Size(maxBytes)}, the most this client reads; it was not read.",
                path,
                attempts: attempt);

        // Whole MiB when the cap is set in MiB; a smaller cap in MiB would read "0 MiB".
        private static string Size(long bytes) =>
            bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
    }
}

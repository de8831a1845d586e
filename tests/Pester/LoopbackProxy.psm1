# A forward HTTP proxy on a free loopback port, for tests of Connect-PantoQa -Proxy and of
# proxies that answer in place of the service (an HTML sign-in page). Written in C# 5 so that
# Windows PowerShell 5.1's Add-Type compiles it too. One request per connection.

Set-StrictMode -Version 3.0

if (-not ('PantoQaTests.LoopbackProxy' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace PantoQaTests
{
    public sealed class LoopbackProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly ConcurrentQueue<string> _heads = new ConcurrentQueue<string>();
        private int _forwarded;
        private int _challenged;
        private int _matched;
        private volatile bool _stopped;

        public LoopbackProxy()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Url = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port);
            var thread = new Thread(AcceptAll) { IsBackground = true };
            thread.Start();
        }

        public Uri Url { get; private set; }

        /// <summary>When set, requests without exactly this Proxy-Authorization get 407.</summary>
        public string RequiredAuthorization { get; set; }

        /// <summary>Requests whose target contains this get a 200 HTML sign-in page instead of the service.</summary>
        public string SignInPageFor { get; set; }

        /// <summary>With SignInPageFor: only every n-th matching request gets the page (1st, n+1st, ...).</summary>
        public int SignInEvery { get; set; }

        public int Forwarded { get { return _forwarded; } }

        public int Challenged { get { return _challenged; } }

        /// <summary>Every request head as it arrived, challenges included.</summary>
        public string[] Heads { get { return _heads.ToArray(); } }

        public void Dispose()
        {
            _stopped = true;
            _listener.Stop();
        }

        private void AcceptAll()
        {
            while (!_stopped)
            {
                TcpClient client;
                try { client = _listener.AcceptTcpClient(); }
                catch (SocketException) { return; }
                catch (ObjectDisposedException) { return; }
                ThreadPool.QueueUserWorkItem(delegate { Serve(client); });
            }
        }

        private void Serve(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    string head = ReadHead(stream);
                    if (head.Length == 0) { return; }
                    _heads.Enqueue(head);
                    string[] lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
                    string[] requestLine = lines[0].Split(' ');
                    var target = new Uri(requestLine[1]);
                    if (RequiredAuthorization != null && !HasHeader(lines, "Proxy-Authorization", RequiredAuthorization))
                    {
                        Interlocked.Increment(ref _challenged);
                        Write(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        return;
                    }

                    if (SignInPageFor != null && target.PathAndQuery.Contains(SignInPageFor))
                    {
                        int n = Interlocked.Increment(ref _matched) - 1;
                        if (SignInEvery <= 1 || n % SignInEvery == 0)
                        {
                            string page = "<html><body><form>Sign in to continue</form></body></html>";
                            Write(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + page.Length + "\r\nConnection: close\r\n\r\n" + page);
                            return;
                        }
                    }

                    Interlocked.Increment(ref _forwarded);
                    Forward(stream, requestLine[0], target, lines);
                }
                catch (IOException) { }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }
        }

        private static void Forward(NetworkStream client, string method, Uri target, string[] lines)
        {
            var request = new StringBuilder(method + " " + target.PathAndQuery + " HTTP/1.1\r\n");
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.Length == 0 || line.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                request.Append(line).Append("\r\n");
            }
            request.Append("Connection: close\r\n\r\n");
            using (var upstream = new TcpClient())
            {
                upstream.Connect(target.Host, target.Port);
                var server = upstream.GetStream();
                Write(server, request.ToString());
                // The service closes after its answer (Connection: close); what it sends, the
                // client gets, and a dropped connection stays dropped.
                var buffer = new byte[65536];
                int read;
                while ((read = server.Read(buffer, 0, buffer.Length)) > 0)
                {
                    client.Write(buffer, 0, read);
                }
            }
        }

        private static bool HasHeader(string[] lines, string name, string value)
        {
            foreach (string line in lines)
            {
                if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase) && line.Substring(name.Length + 1).Trim() == value)
                {
                    return true;
                }
            }
            return false;
        }

        private static string ReadHead(NetworkStream stream)
        {
            var head = new List<byte>();
            int b;
            while ((b = stream.ReadByte()) >= 0)
            {
                head.Add((byte)b);
                int n = head.Count;
                if (n >= 4 && head[n - 4] == 13 && head[n - 3] == 10 && head[n - 2] == 13 && head[n - 1] == 10)
                {
                    return Encoding.ASCII.GetString(head.ToArray(), 0, n - 4);
                }
            }
            return "";
        }

        private static void Write(NetworkStream stream, string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        }
    }
}
'@
}

function Start-LoopbackProxy {
    <# A forward proxy on a free loopback port; Dispose() it when done. #>
    New-Object PantoQaTests.LoopbackProxy
}

Export-ModuleMember -Function Start-LoopbackProxy

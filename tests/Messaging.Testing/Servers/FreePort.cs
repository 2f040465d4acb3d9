using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Messaging.Testing.Servers;

public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999), from which the OS hands out ports for outgoing
    // connections and for every listener on port 0 (the services and DCP's proxies of every
    // product the tests run at once): a port the OS picked can be given to someone else between
    // the moment it is chosen here and the moment the server that was told it binds it.
    const int First = 20000;
    const int Last = 32000;

    static readonly ConcurrentDictionary<int, bool> Given = new();

    /// <summary>A loopback port nobody listens on right now, never handed out before by this process.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (!Given.TryAdd(port, true))
            {
                continue;
            }
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Someone listens there: another one.
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}

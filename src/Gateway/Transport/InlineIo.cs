using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Gateway.Transport;

/// <summary>
/// The gateway only forwards: no request it handles blocks a thread. So socket completions and
/// Kestrel's request processing run on the I/O thread that received them, instead of each being
/// handed to a thread-pool worker: two wake-ups fewer per hop, which on a host shared with the
/// other services is most of what the hop costs (bench/RESULTS.md). A service that can block
/// (sync I/O, fsync, sync-over-async) must not do this: it would stall every connection.
/// </summary>
internal static class InlineIo
{
    /// <summary>Read by the runtime once, at the first socket operation, so it is set before the host starts.</summary>
    const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static IHostApplicationBuilder AddInlineIo(this IHostApplicationBuilder builder)
    {
        // Read before the host is built (the runtime takes the variable at the first socket), from the same options class the gateway binds.
        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        if (!options.InlineIo)
        {
            return builder;
        }
        // An operator's explicit setting wins.
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
        builder.Services.Configure<SocketTransportOptions>(options => options.UnsafePreferInlineScheduling = true);
        return builder;
    }
}

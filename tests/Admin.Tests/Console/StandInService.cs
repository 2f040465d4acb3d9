using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Admin.Tests.Console;

/// <summary>
/// A loopback stand-in for a service the console calls (the Agent, Billing): the test maps what
/// it answers and records what reached it; it listens on a free port and logs nothing.
/// </summary>
internal static class StandInService
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}

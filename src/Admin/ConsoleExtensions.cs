using Admin.Access;
using Admin.Channels;
using Admin.Conversations;
using Messaging.Channels;
using Admin.Credits;
using Admin.Live;
using Messaging.Tenancy.Urls;
using Microsoft.Extensions.Options;

namespace Admin;

public static class ConsoleExtensions
{
    /// <summary>What the console's pages use besides the tenancy model: the Agent and Billing APIs, and the live feed.</summary>
    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section)
            .Validate(o => o.AgentUrl.IsAbsoluteUri && o.BillingUrl.IsAbsoluteUri, "Console:AgentUrl and Console:BillingUrl must be absolute URLs.")
            .Validate(o => string.IsNullOrEmpty(o.SimulatorPath) || o.SimulatorPath.StartsWith('/'), "Console:SimulatorPath must be a path that starts with '/'.")
            .ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<SignedInOperatorHandler>();
        builder.Services.AddHttpClient<AgentClient>((services, http) => http.BaseAddress = services.GetRequiredService<IOptions<ConsoleOptions>>().Value.AgentUrl)
            .AddHttpMessageHandler<SignedInOperatorHandler>();
        builder.Services.AddHttpClient<BillingClient>((services, http) => http.BaseAddress = services.GetRequiredService<IOptions<ConsoleOptions>>().Value.BillingUrl)
            .AddHttpMessageHandler<SignedInOperatorHandler>();
        builder.Services.AddChannels(builder.Configuration);
        builder.Services.AddHttpClient(ChannelVerifier.HttpClientName).ReachesTenantUrls();
        builder.Services.AddScoped<ChannelVerifier>();
        builder.Services.AddScoped<WebhookRoundTrip>();
        builder.Services.AddSingleton<LiveHub>();
        builder.Services.AddHostedService<LiveFeed>();
        return builder;
    }

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app) => app.MapLiveApi();
}

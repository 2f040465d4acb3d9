using Messaging.ServiceDefaults.Database;
using Messaging.ServiceDefaults.Resilience;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Sandbox.Accounts;
using Sandbox.Calls;
using Sandbox.Faults;
using Sandbox.Conversations;
using Sandbox.Graph;
using Sandbox.Media;
using Sandbox.Simulator;
using Sandbox.Storage;
using Sandbox.Templates;
using Sandbox.Twilio;
using Sandbox.Webhooks;

namespace Sandbox;

public static class SandboxExtensions
{
    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();

        // Accounts, conversations, media, templates and the call log survive a restart.
        builder.AddServiceDatabase<SandboxDbContext>(SandboxDbContext.Schema);
        builder.Services.AddSingleton<SandboxDb>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<TemplateStore>();
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddSingleton<CallLog>();
        builder.Services.AddSingleton<FaultStore>();
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<StatusCallbackQueue>();
        builder.Services.AddSingleton<StatusCallbackPlanner>();
        builder.Services.AddHostedService<SandboxStateLoader>();
        builder.Services.AddHostedService<StatusCallbackDispatcher>();
        // One honest attempt per post: the dispatcher retries status callbacks itself, and the
        // simulator reports exactly what the product answered.
        builder.Services.AddHttpClient(WebhookSender.HttpClientName).RemoveResilienceHandler();
        return builder;
    }

    public static WebApplication MapSandbox(this WebApplication app)
    {
        app.UseStatusCodePages();
        var page = new EmbeddedFileProvider(typeof(SandboxExtensions).Assembly, "Sandbox.wwwroot");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        // The page's links are relative, so it is addressed as a folder: /sandbox/.
        app.MapGet("/sandbox", (HttpRequest request) => request.Path.Value!.EndsWith('/')
            ? Results.Stream(page.GetFileInfo("sandbox/index.html").CreateReadStream(), "text/html; charset=utf-8")
            : Results.Redirect("sandbox/"));

        app.MapGraphApi();
        app.MapTwilioApi();
        app.MapGroup("/sandbox/api")
            .MapAccountsApi()
            .MapConversationsApi()
            .MapCallsApi()
            .MapFaultsApi()
            .MapMediaApi()
            .MapTemplatesApi()
            .MapSimulatorApi();
        return app;
    }
}

using Messaging.ServiceDefaults.Authentication;
using Agent.Ai;
using Agent.Ai.Safety;
using Agent.Conversations;
using Agent.Credits;
using Agent.Delivery;
using Agent.Operators;
using Agent.Retention;
using Agent.Rules;
using Agent.Turns;
using Messaging.Channels;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.ServiceDefaults.Database;
using Messaging.ServiceDefaults.Resilience;
using Messaging.Tenancy.Members;
using Messaging.Tenancy.Reading;
using Messaging.Tenancy.Urls;

namespace Agent;

public static class AgentExtensions
{
    /// <summary>
    /// The conversation store (schema "agent"), the turn pipeline on msg:inbound, delivery on
    /// msg:outbound and msg:status, the AI, retention, and the operators API's services.
    /// </summary>
    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder)
    {
        // Nothing of the Agent is public: every endpoint answers only services of the deployment.
        builder.RequireServiceCallerByDefault();
        builder.Services.AddOptions<AgentOptions>()
            .BindConfiguration(AgentOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.PublicBaseUrl ??= Uri.TryCreate(configuration["PUBLIC_BASE_URL"], UriKind.Absolute, out var publicBase) ? publicBase : null)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddServiceDatabase<AgentDbContext>(AgentDbContext.Schema);
        builder.AddTenancyReader();
        builder.AddOperatorAccess();
        builder.Services.AddChannels(builder.Configuration);
        builder.Services.AddTenantUrlPolicy(builder.Configuration);
        builder.Services.AddHttpClient(ChannelSender.HttpClientName).RemoveResilienceHandler().ReachesTenantUrls();
        builder.Services.AddHttpClient<CreditsClient>(http => http.BaseAddress = new Uri(CreditsClient.BaseAddress));
        builder.Services.AddHttpClient<ChannelHealthReporter>(http => http.BaseAddress = new Uri(ChannelHealthReporter.BaseAddress));
        builder.Services.AddHttpClient<PersonaReviewer>(http => http.BaseAddress = new Uri(PersonaReviewer.BaseAddress));
        builder.Services.AddAgentAi(builder.Configuration);

        builder.Services.AddSingleton<SessionBodies>();
        builder.Services.AddSingleton<InboundRecorder>();
        builder.Services.AddSingleton<TurnTimeline>();
        builder.Services.AddSingleton<TurnCompletion>();
        builder.Services.AddSingleton<TurnWakeups>();
        builder.Services.AddSingleton<TurnSchedule>();
        builder.Services.AddSingleton<ConversationLocks>();
        builder.Services.AddSingleton<ReplyRuleEvaluator>();
        builder.Services.AddScoped<AiTurn>();
        builder.Services.AddScoped<WorkspacePolicies>();
        builder.Services.AddScoped<TurnRerun>();
        builder.Services.AddSingleton<CustomerRequestTurn>();
        builder.Services.AddScoped<TurnDecider>();
        builder.Services.AddScoped<TurnProcessor>();
        builder.Services.AddHostedService<TurnScheduler>();
        builder.Services.AddSingleton<OverdueWindowSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OverdueWindowSweeper>());
        builder.Services.AddSingleton<StalledTurnSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StalledTurnSweeper>());

        builder.Services.AddSingleton<ChannelSender>();
        builder.Services.AddSingleton<SendPacing>();
        builder.Services.AddSingleton<RetryingSender>();
        builder.Services.AddSingleton<OutboundParts>();

        builder.Services.AddSingleton<BodyPurge>();
        builder.Services.AddHostedService<BodyPurgeService>();

        // Consumers are registered before options are bound; the start-up validation checks the same section.
        var deliveryVisibilityTimeout = builder.Configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>()?.DeliveryVisibilityTimeout
            ?? new AgentOptions().DeliveryVisibilityTimeout;
        builder.AddStreamsBus()
            .AddConsumer<InboundMessageReceived, InboundHandler>(StreamNames.Inbound, ConsumerGroups.Agent,
                o => o.OrderBy = inbound => inbound.ChannelId + ":" + inbound.From)
            .AddConsumer<DeliveryStatusReported, StatusHandler>(StreamNames.Status, ConsumerGroups.Agent,
                o => o.OrderBy = status => status.ProviderMessageId)
            .AddConsumer<TenancyChanged, PersonaReviewer>(StreamNames.TenancyChanged, PersonaReviewer.ConsumerGroup,
                o => o.OrderBy = change => change.WorkspaceId)
            .AddConsumer<OutboundMessageRequested, OutboundHandler>(StreamNames.Outbound, ConsumerGroups.Delivery, o =>
            {
                // Parts and successive replies of a conversation go in order; a send retrying
                // through throttling must not be taken over (and sent twice) by another replica.
                o.OrderBy = outbound => outbound.ConversationId;
                o.VisibilityTimeout = deliveryVisibilityTimeout;
            });
        return builder;
    }

    public static WebApplication MapAgent(this WebApplication app)
    {
        app.MapOperatorsApi();
        app.MapUnansweredApi();
        app.MapLeadsApi();
        app.MapLeadConversationsApi();
        app.MapWorkspacePolicyApi();
        app.MapRuleTrialApi();
        return app;
    }
}

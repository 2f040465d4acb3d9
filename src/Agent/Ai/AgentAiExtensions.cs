using Agent.Ai.Embeddings;
using Agent.Ai.Generation;
using Agent.Ai.Offline;
using Agent.Ai.Providers;
using Agent.Ai.Safety;
using Agent.Ai.Telemetry;
using Agent.Ai.Tools;
using Messaging.Embeddings;
using Messaging.Tenancy.Urls;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Ai;

public static class AgentAiExtensions
{
    /// <summary>
    /// Registers the AI agent: <see cref="IReplyGenerator"/> (a Semantic Kernel per reply, see
    /// <see cref="AgentKernelFactory"/>), <see cref="IPromptInjectionScanner"/>,
    /// <see cref="IPersonaSafetyClassifier"/>, <see cref="IAiClientFactory"/> and the offline embedding
    /// (<see cref="EmbeddingExtensions.AddLocalEmbeddings"/>), with <see cref="AiOptions"/> bound
    /// from the "Ai" section and validated at start-up.
    /// </summary>
    public static IServiceCollection AddAgentAi(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.AddOptions<AiOptions>()
            .Bind(configuration.GetSection(AiOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Endpoint is null || IsHttpBase(o.Endpoint), "Ai:Endpoint must be an absolute http(s) URL.")
            .Validate(o => o.Endpoint is null || !string.IsNullOrWhiteSpace(o.ChatModel), "Ai:ChatModel is required when Ai:Endpoint is set.")
            .Validate(o => o.Endpoint is not null || (o.ChatModel ?? o.EmbeddingModel ?? o.ApiKey) is null,
                "Ai:ChatModel, Ai:EmbeddingModel and Ai:ApiKey apply only with Ai:Endpoint; without it the offline responder answers.")
            .ValidateOnStart();

        services.AddLocalEmbeddings();
        // A workspace's own endpoint is a tenant URL: its client enforces the policy at connect time.
        services.AddTenantUrlPolicy(configuration);
        services.TryAddSingleton<AiMetrics>();
        services.TryAddSingleton<OfflineChatClient>();
        services.TryAddSingleton<IAiClientFactory, AiClientFactory>();
        services.TryAddSingleton<TextEmbeddingCache>();
        services.TryAddSingleton<KnowledgeSearch>();
        services.TryAddSingleton<AgentKernelFactory>();
        services.TryAddSingleton<IReplyGenerator, ReplyGenerator>();
        services.TryAddSingleton<IPromptInjectionScanner, PromptInjectionScanner>();
        services.TryAddSingleton<IPersonaSafetyClassifier, PersonaSafetyClassifier>();
        return services;
    }

    static bool IsHttpBase(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}

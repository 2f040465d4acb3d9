using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Agent.Ai.Offline;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Urls;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Agent.Ai.Providers;

/// <summary>
/// A workspace in mode open_ai uses its own endpoint, key and models; any other workspace uses
/// the deployment's "Ai" endpoint when one is configured, and otherwise the offline responder
/// and the offline embedding (the registered <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>:
/// MiniLM with n-grams), so the product answers with no account at all. Clients are
/// cached per provider (endpoint, key, models) and share one HttpClient. The OpenAI SDK's clients
/// become <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> through
/// Microsoft.Extensions.AI.OpenAI, which Semantic Kernel drives.
/// </summary>
public sealed class AiClientFactory : IAiClientFactory, IDisposable
{
    readonly IOptionsMonitor<AiOptions> _options;
    readonly OfflineChatClient _offlineChat;
    readonly IEmbeddingGenerator<string, Embedding<float>> _offlineEmbeddings;
    readonly ConcurrentDictionary<AiProvider, AiClients> _clients = new();
    static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    // The SDK applies its own per-request timeout (AiOptions.RequestTimeout).
    readonly HttpClient _deploymentHttp = new(new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime }) { Timeout = Timeout.InfiniteTimeSpan };
    readonly HttpClient _tenantHttp;

    public AiClientFactory(IOptionsMonitor<AiOptions> options, OfflineChatClient offlineChat, IEmbeddingGenerator<string, Embedding<float>> offlineEmbeddings, TenantUrlConnector tenantUrls)
    {
        _options = options;
        _offlineChat = offlineChat;
        _offlineEmbeddings = offlineEmbeddings;
        _tenantHttp = new(tenantUrls.CreateHandler(ConnectionLifetime)) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public AiProvider? ResolveProvider(AiSettings settings)
    {
        if (settings is { Mode: AiMode.OpenAi, Endpoint: { } endpoint, ChatModel: { Length: > 0 } chatModel })
        {
            return new AiProvider(endpoint, NullIfEmpty(settings.ApiKey), chatModel, NullIfEmpty(settings.EmbeddingModel), TenantSupplied: true);
        }
        var defaults = _options.CurrentValue;
        return defaults is { Endpoint: { } defaultEndpoint, ChatModel: { Length: > 0 } defaultModel }
            ? new AiProvider(defaultEndpoint, NullIfEmpty(defaults.ApiKey), defaultModel, NullIfEmpty(defaults.EmbeddingModel))
            : null;
    }

    public AiClients GetClients(AiSettings settings) =>
        ResolveProvider(settings) is { } provider
            ? _clients.GetOrAdd(provider, Create)
            : new AiClients(_offlineChat, _offlineEmbeddings, IsOffline: true);

    AiClients Create(AiProvider provider)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = provider.ApiBase,
            NetworkTimeout = _options.CurrentValue.RequestTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 2),
            Transport = new HttpClientPipelineTransport(provider.TenantSupplied ? _tenantHttp : _deploymentHttp),
        };
        // Local servers (Ollama, vLLM, LM Studio) need no key, but the SDK requires a credential.
        var client = new OpenAIClient(new ApiKeyCredential(provider.ApiKey ?? "no-key"), clientOptions);
        IEmbeddingGenerator<string, Embedding<float>> embeddings = provider.EmbeddingModel is { } embeddingModel
            ? client.GetEmbeddingClient(embeddingModel).AsIEmbeddingGenerator()
            : _offlineEmbeddings;
        return new AiClients(client.GetChatClient(provider.ChatModel).AsIChatClient(), embeddings, IsOffline: false);
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public void Dispose()
    {
        _deploymentHttp.Dispose();
        _tenantHttp.Dispose();
    }
}

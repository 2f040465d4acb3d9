using Microsoft.Extensions.AI;

namespace Agent.Ai.Providers;

/// <summary>The chat model and embedding generator one workspace uses, and whether they are the offline ones.</summary>
public sealed record AiClients(IChatClient Chat, IEmbeddingGenerator<string, Embedding<float>> Embeddings, bool IsOffline)
{
    /// <summary>"offline" or "openai": the provider mode as metrics and the turn timeline show it.</summary>
    public string Mode => IsOffline ? "offline" : "openai";
}

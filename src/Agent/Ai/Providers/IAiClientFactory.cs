using Messaging.Tenancy.Model;

namespace Agent.Ai.Providers;

/// <summary>Chooses the AI clients of a workspace from its settings and the deployment's "Ai" section.</summary>
public interface IAiClientFactory
{
    AiClients GetClients(AiSettings settings);

    /// <summary>The OpenAI-compatible provider the settings resolve to, or null for the offline mode.</summary>
    AiProvider? ResolveProvider(AiSettings settings);
}

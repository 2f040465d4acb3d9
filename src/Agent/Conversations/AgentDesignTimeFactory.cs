using Messaging.ServiceDefaults.Database;

namespace Agent.Conversations;

/// <summary>Lets <c>dotnet ef</c> build <see cref="AgentDbContext"/> without starting Agent.</summary>
internal sealed class AgentDesignTimeFactory() : DesignTimeContextFactory<AgentDbContext>(AgentDbContext.Schema);

using Messaging.ServiceDefaults.Database;

namespace Sandbox.Storage;

/// <summary>Lets <c>dotnet ef</c> build <see cref="SandboxDbContext"/> without starting the Sandbox.</summary>
internal sealed class SandboxDesignTimeFactory() : DesignTimeContextFactory<SandboxDbContext>(SandboxDbContext.Schema);

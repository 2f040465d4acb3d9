namespace Messaging.ServiceDefaults.Database;

/// <summary>One schema whose EF Core migrations the service applies at start-up.</summary>
public interface ISchemaMigration
{
    string Schema { get; }

    Type ContextType { get; }

    /// <summary>Applies the pending migrations; the caller holds the schema's migration lock.</summary>
    Task<IReadOnlyList<string>> ApplyAsync(IServiceProvider services, CancellationToken cancellationToken);
}

namespace Messaging.Hosting.Orchestration;

/// <summary>A resource services reach through <c>ConnectionStrings__{ConnectionName}</c>.</summary>
public abstract class ConnectionStringResource(string name) : Resource(name)
{
    public abstract string ConnectionString { get; }
}

namespace Admin.Tenancy.Data;

/// <summary>A versioned row that belongs to a workspace and can be deleted on its own (channels, knowledge, templates, reply configurations).</summary>
public interface IWorkspaceResourceRow
{
    Guid Id { get; }
    Guid WorkspaceId { get; }
    long Version { get; }
}

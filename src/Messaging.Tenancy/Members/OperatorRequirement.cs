namespace Messaging.Tenancy.Members;

/// <summary>What an operator action needs of the operator in the workspace that owns the resource.</summary>
public enum OperatorRequirement
{
    /// <summary>Any member: owners and operators work the conversations.</summary>
    Member,

    /// <summary>An owner: credits, members, settings.</summary>
    Owner,
}

namespace Messaging.Tenancy.Members;

/// <summary>
/// A member's role in one workspace. Owners manage members, channels, credits and settings;
/// operators work the conversations and may read the configuration.
/// </summary>
public static class WorkspaceRoles
{
    public const string Owner = "owner";
    public const string Operator = "operator";

    public static bool IsKnown(string? role) => role is Owner or Operator;
}

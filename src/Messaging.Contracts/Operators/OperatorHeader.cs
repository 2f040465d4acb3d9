namespace Messaging.Contracts.Operators;

/// <summary>
/// The signed-in operator an internal API request acts for: the console user's id (a GUID), sent
/// by Admin beside its service credential. The service that owns the data checks that this user
/// is a member of the workspace the resource belongs to.
/// </summary>
public static class OperatorHeader
{
    public const string Name = "X-Messaging-Operator";
}

using Messaging.Channels.Sending;

namespace Messaging.Tenancy.Urls;

/// <summary>
/// A request to a tenant's URL that was not sent because the URL, or an address its host resolves
/// to, is internal: a provider send refused this way is a permanent failure, never retried.
/// </summary>
public sealed class TenantUrlRefusedException(string message) : RequestRefusedException(message);

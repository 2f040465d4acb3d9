namespace Messaging.Tenancy.Urls;

/// <summary>A request to a tenant's URL that was not sent because the URL, or an address its host resolves to, is internal.</summary>
public sealed class TenantUrlRefusedException(string message) : HttpRequestException(message);

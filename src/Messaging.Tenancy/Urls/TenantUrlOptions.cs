namespace Messaging.Tenancy.Urls;

/// <summary>
/// Which URLs a tenant may give for a channel's provider or an AI endpoint (<c>Tenancy:TenantUrls</c>).
/// By default only https to public hosts: a tenant's URL is fetched by our services, from inside
/// the deployment, so an internal address there would let a tenant reach what only we should.
/// </summary>
public sealed class TenantUrlOptions
{
    public const string SectionName = "Tenancy:TenantUrls";

    /// <summary>Plain http is accepted too (the local demo's emulated provider).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Hosts (<c>name</c> or <c>name:port</c>) accepted although internal, chosen by whoever runs the deployment.</summary>
    public List<string> AllowedHosts { get; set; } = [];
}

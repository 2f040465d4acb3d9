using Admin.Access;
using Messaging.ServiceDefaults.Authentication;
using Admin.Tenancy.AiSettings;
using Admin.Tenancy.Channels;
using Admin.Tenancy.Knowledge;
using Admin.Tenancy.Personas;
using Admin.Tenancy.ReplyConfigs;
using Admin.Tenancy.Templates;
using Admin.Tenancy.Workspaces;

namespace Admin.Tenancy;

/// <summary>
/// The internal JSON API over schema tenancy (README.md in this folder). Not routed by the
/// gateway: only services and the AppHost on the internal network call it.
/// </summary>
public static class TenancyApi
{
    public const string BasePath = "/api/tenancy";

    public static WebApplication MapTenancyApi(this WebApplication app)
    {
        app.MapGroup(BasePath)
            .WithTags("Tenancy")
            .RequireServiceCaller()
            .MapWorkspacesApi()
            .MapChannelsApi()
            .MapReplyConfigsApi()
            .MapPersonasApi()
            .MapKnowledgeApi()
            .MapTemplatesApi()
            .MapAiSettingsApi()
            .MapMembersApi();
        return app;
    }
}

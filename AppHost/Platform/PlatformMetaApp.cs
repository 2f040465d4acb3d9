using Messaging.AppHost.Demo;

namespace Messaging.AppHost.Platform;

/// <summary>
/// The deployment's platform Meta app (what an agency runs): its app secret and system-user token
/// as secret parameters (<c>Parameters:meta-platform-app-secret</c>, <c>Parameters:meta-platform-access-token</c>,
/// and optionally <c>Parameters:meta-platform-verify-token</c>), its WABA id and Graph address as plain
/// settings (<c>MetaPlatform:WabaId</c>, <c>MetaPlatform:BaseUrl</c>), handed to Admin, Ingest and the
/// Agent as <c>Channels:Meta:Platform</c>. Without them the demo runs one in the Sandbox; a
/// deployment without the demo simply has no platform app.
/// </summary>
internal static class PlatformMetaApp
{
    const string AppSecretParameter = "meta-platform-app-secret";
    const string AccessTokenParameter = "meta-platform-access-token";
    const string VerifyTokenParameter = "meta-platform-verify-token";
    const string Section = "Channels__Meta__Platform__";

    /// <returns>True when the run's platform app is the demo's, in the Sandbox.</returns>
    public static bool AddPlatformMetaApp(this IDistributedApplicationBuilder builder, LocalRunSettings settings, IEnumerable<IResourceBuilder<ProjectResource>> services)
    {
        var configured = IsGiven(builder, AppSecretParameter) || IsGiven(builder, AccessTokenParameter);
        if (!configured && !settings.Demo)
        {
            return false;
        }
        // Given ones win; otherwise the demo's Sandbox app, whose credentials are the emulator's, no real account's.
        var appSecret = configured ? builder.AddParameter(AppSecretParameter, secret: true) : builder.AddParameter(AppSecretParameter, DemoPlatformApp.AppSecret, secret: true);
        var accessToken = configured ? builder.AddParameter(AccessTokenParameter, secret: true) : builder.AddParameter(AccessTokenParameter, DemoPlatformApp.AccessToken, secret: true);
        var verifyToken = IsGiven(builder, VerifyTokenParameter) ? builder.AddParameter(VerifyTokenParameter, secret: true)
            : configured ? null : builder.AddParameter(VerifyTokenParameter, DemoPlatformApp.VerifyToken, secret: true);
        var wabaId = configured ? builder.Configuration["MetaPlatform:WabaId"] : DemoPlatformApp.WabaId;
        var baseUrl = configured ? builder.Configuration["MetaPlatform:BaseUrl"] : DemoPlatformApp.GraphBaseUrl;
        foreach (var service in services.Where(s => s.Resource.Name is "admin" or "ingest" or "agent"))
        {
            service.WithEnvironment(Section + "AppSecret", appSecret).WithEnvironment(Section + "AccessToken", accessToken);
            if (verifyToken is not null)
            {
                service.WithEnvironment(Section + "VerifyToken", verifyToken);
            }
            if (!string.IsNullOrEmpty(wabaId))
            {
                service.WithEnvironment(Section + "WabaId", wabaId);
            }
            if (!string.IsNullOrEmpty(baseUrl))
            {
                service.WithEnvironment(Section + "BaseUrl", baseUrl);
            }
        }
        return !configured;
    }

    static bool IsGiven(IDistributedApplicationBuilder builder, string parameter) => !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{parameter}"]);
}

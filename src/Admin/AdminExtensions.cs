using Admin.Status;

namespace Admin;

public static class AdminExtensions
{
    /// <summary>Public path of the operator console behind the gateway.</summary>
    public const string BasePath = "/admin";

    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options => options.Conventions.AddFolderRouteModelConvention("/", model =>
        {
            foreach (var selector in model.Selectors)
            {
                selector.AttributeRouteModel!.Template = Microsoft.AspNetCore.Mvc.ApplicationModels.AttributeRouteModel
                    .CombineTemplates(BasePath.TrimStart('/'), selector.AttributeRouteModel.Template);
            }
        }));
        builder.Services.AddSingleton<ServiceStatusProbe>();
        return builder;
    }

    public static WebApplication UseAdmin(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseRouting();
        // After routing, so they see the endpoint (the internal API demands a service credential).
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }
}

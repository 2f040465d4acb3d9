using Admin.Access;
using Admin.Alerts;
using Admin.Email;
using Admin.Status;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Admin;

public static class AdminExtensions
{
    /// <summary>Public path of the operator console behind the gateway.</summary>
    public const string BasePath = "/admin";

    /// <summary>Public path of the lead forms (pages in Pages/Forms), outside the console and open to anyone.</summary>
    public const string FormsPath = "/forms";

    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AddFolderRouteModelConvention("/", model =>
            {
                var prefix = model.ViewEnginePath.StartsWith("/Forms/", StringComparison.Ordinal) ? FormsPath : BasePath;
                foreach (var selector in model.Selectors)
                {
                    selector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates(prefix.TrimStart('/'), selector.AttributeRouteModel.Template);
                }
            });
            // Signed in for everything but signing in, accepting an invitation and the public forms.
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToFolder("/Account");
            options.Conventions.AllowAnonymousToFolder("/Forms");
            options.Conventions.AllowAnonymousToPage("/Error");
        });
        builder.AddConsoleAccess();
        builder.AddConsoleEmail();
        builder.AddOwnerAlerts();
        builder.AddConsole();
        builder.Services.AddSingleton<ServiceStatusProbe>();
        return builder;
    }

    public static WebApplication UseAdmin(this WebApplication app)
    {
        // Pages answer with a page; the JSON APIs keep their problem details.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute(BasePath + "/error/{0}"));
        app.UseStaticFiles();
        app.UseRouting();
        // After routing, so they see the endpoint (the internal API demands a service credential).
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapConsoleEndpoints();
        return app;
    }
}

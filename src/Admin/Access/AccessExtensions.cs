using Admin.Tenancy.Data;
using Microsoft.AspNetCore.Identity;

namespace Admin.Access;

public static class AccessExtensions
{
    /// <summary>Where the console sends a visitor who is not signed in.</summary>
    public const string SignInPath = AdminExtensions.BasePath + "/account/sign-in";

    /// <summary>
    /// ASP.NET Core Identity on the tenancy schema: cookie sign-in (the cookie is encrypted with the
    /// shared Data Protection key ring, so every Admin replica and restart accepts it), password
    /// rules, lockout after repeated failures, and membership lookups for scoping.
    /// </summary>
    public static IHostApplicationBuilder AddConsoleAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.AddIdentityCore<ConsoleUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<TenancyDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "messaging.console";
            cookie.Cookie.Path = AdminExtensions.BasePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = AdminExtensions.BasePath + "/account/sign-out";
            cookie.AccessDeniedPath = SignInPath;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddScoped<WorkspaceAccess>();
        builder.Services.AddScoped<Invitations>();
        return builder;
    }
}

using Admin.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages.Account;

/// <summary>The page an owner's reset link opens; a used or forged token is refused by Identity.</summary>
public sealed partial class ResetPasswordModel(UserManager<ConsoleUser> users, ILogger<ResetPasswordModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public new Guid User { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.FindByIdAsync(User.ToString());
        var result = user is null || string.IsNullOrEmpty(Token)
            ? IdentityResult.Failed(new IdentityError { Description = "This link is not valid (any more). Ask an owner for a new one." })
            : await users.ResetPasswordAsync(user, Token, Password ?? "");
        if (!result.Succeeded)
        {
            LogRefused(logger);
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("", error.Code == "InvalidToken" ? "This link is not valid (any more). Ask an owner for a new one." : error.Description);
            }
            return Page();
        }
        // A locked-out member whose password an owner reset may sign in again at once.
        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        TempData["Notice"] = "Password saved. Sign in with it.";
        return Redirect(AccessExtensions.SignInPath);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password reset refused")]
    static partial void LogRefused(ILogger logger);
}

using Admin.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages.Account;

public sealed partial class SignInModel(SignInManager<ConsoleUser> signIn, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("", "Enter your email and password.");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LogSignedIn(logger);
            // Only a path of this console: never a redirect to another site.
            return LocalRedirect(ReturnUrl is { } url && url.StartsWith(AdminExtensions.BasePath, StringComparison.Ordinal) && Url.IsLocalUrl(url) ? url : AdminExtensions.BasePath);
        }
        if (result.IsLockedOut)
        {
            LogLockedOut(logger);
            ModelState.AddModelError("", "Too many failed attempts: this account is locked for 15 minutes. An owner can reset its password.");
        }
        else
        {
            LogRefused(logger);
            ModelState.AddModelError("", "The email or password is not right.");
        }
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console sign-in succeeded")]
    static partial void LogSignedIn(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console sign-in refused: wrong email or password")]
    static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console sign-in refused: the account is locked out")]
    static partial void LogLockedOut(ILogger logger);
}

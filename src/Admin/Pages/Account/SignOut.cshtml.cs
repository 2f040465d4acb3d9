using Admin.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages.Account;

/// <summary>Sign-out is a POST (with its anti-forgery token), so no link or image elsewhere can sign anyone out.</summary>
public sealed class SignOutModel(SignInManager<ConsoleUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage();
    }
}

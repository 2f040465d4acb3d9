using Admin.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages.Account;

public sealed class InvitationModel(Invitations invitations, UserManager<ConsoleUser> users, SignInManager<ConsoleUser> signIn, TimeProvider time) : PageModel
{
    public string WorkspaceName { get; private set; } = "";
    public string Role { get; private set; } = "";
    public string InvitedEmail { get; private set; } = "";
    public bool HasAccount { get; private set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken) =>
        await LoadAsync(token, cancellationToken) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, cancellationToken) is not { } pending)
        {
            return NotFound();
        }
        var user = await users.FindByEmailAsync(InvitedEmail);
        if (user is null)
        {
            if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Trim().Length > 100)
            {
                ModelState.AddModelError("", "Enter your name (up to 100 characters).");
                return Page();
            }
            user = new ConsoleUser { UserName = InvitedEmail, Email = InvitedEmail, EmailConfirmed = true, DisplayName = DisplayName.Trim(), CreatedAt = time.GetUtcNow() };
            var created = await users.CreateAsync(user, Password ?? "");
            if (!created.Succeeded)
            {
                foreach (var error in created.Errors)
                {
                    ModelState.AddModelError("", error.Description);
                }
                return Page();
            }
        }
        else if (!await users.CheckPasswordAsync(user, Password ?? ""))
        {
            ModelState.AddModelError("", "The password is not right.");
            return Page();
        }
        await invitations.AcceptAsync(pending.Invitation, user, cancellationToken);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect($"{AdminExtensions.BasePath}/w/{pending.Slug}");
    }

    async Task<Invitations.Pending?> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var pending = await invitations.FindAsync(token, cancellationToken);
        if (pending is not null)
        {
            WorkspaceName = pending.WorkspaceName;
            Role = pending.Invitation.Role;
            InvitedEmail = pending.Invitation.Email;
            HasAccount = await users.FindByEmailAsync(InvitedEmail) is not null;
        }
        return pending;
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Admin.Pages;

/// <summary>What a person sees for an error status: a sentence, never a stack trace.</summary>
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code)
    {
        (Title, Explanation) = code switch
        {
            404 => ("Not found", "There is nothing here, or it belongs to a workspace you are not a member of."),
            400 => ("The request was refused", "The form was incomplete or expired. Go back, reload the page and try again."),
            _ => ("Something went wrong", "The console could not finish this request. Try again in a moment."),
        };
    }
}

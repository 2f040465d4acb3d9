using Admin.Tenancy.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Admin.Tenancy;

/// <summary>
/// The console changes tenant configuration through the tenancy API's own handlers, so a page
/// and the JSON API validate, version and publish a change in exactly one way. This turns a
/// handler's result into a value or into messages for the page's form. A form that already has
/// errors (a value its field's type cannot hold, such as "abc" for a number) runs nothing: the
/// field would otherwise reach the handler as its default, 0, and be saved.
/// </summary>
public static class TenancyCommand
{
    /// <summary>Runs <paramref name="handler"/> with <paramref name="version"/> as its If-Match; the value on success, else null with <paramref name="errors"/> filled.</summary>
    public static async Task<T?> RunAsync<T>(HttpContext http, long? version, Func<Task<IResult>> handler, ModelStateDictionary errors)
        where T : class
    {
        if (!errors.IsValid)
        {
            return null;
        }
        var result = await RunWithVersionAsync(http, version, handler);
        if (result is IValueHttpResult { Value: T value } and IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
        {
            return value;
        }
        Explain(result, errors);
        return null;
    }

    /// <summary>Runs a handler that answers without a body (a delete); true when it was done.</summary>
    public static async Task<bool> RunAsync(HttpContext http, long? version, Func<Task<IResult>> handler, ModelStateDictionary errors)
    {
        if (!errors.IsValid)
        {
            return false;
        }
        var result = await RunWithVersionAsync(http, version, handler);
        if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
        {
            return true;
        }
        Explain(result, errors);
        return false;
    }

    static async Task<IResult> RunWithVersionAsync(HttpContext http, long? version, Func<Task<IResult>> handler)
    {
        http.Request.Headers.IfMatch = version is { } v ? Preconditions.ETagFor(v) : default;
        try
        {
            return await handler();
        }
        finally
        {
            http.Request.Headers.IfMatch = default;
        }
    }

    static void Explain(IResult result, ModelStateDictionary errors)
    {
        switch (result)
        {
            case ValidationProblem validation:
                foreach (var (field, messages) in validation.ProblemDetails.Errors)
                {
                    foreach (var message in messages)
                    {
                        errors.AddModelError(field, message);
                    }
                }
                break;
            case ProblemHttpResult problem:
                errors.AddModelError("", problem.ProblemDetails.Status == StatusCodes.Status412PreconditionFailed
                    ? "Someone else changed this in the meantime. Reload the page to see their change, then make yours again."
                    : problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "The change was refused.");
                break;
            default:
                errors.AddModelError("", "The change was refused.");
                break;
        }
    }
}

using Admin.Tenancy.Validation;

namespace Admin.Tenancy.Api;

/// <summary>What every change of an existing resource checks first, in this order: a well-formed If-Match, a body, a valid request.</summary>
internal static class UpdateChecks
{
    /// <returns>The problem to answer, or null when <paramref name="valid"/> holds the checked request.</returns>
    public static IResult? Refusal<TRequest, TValid>(HttpRequest http, TRequest? request, Func<TRequest, ValidationErrors, TValid?> validate, out long? ifMatch, out TValid valid)
        where TRequest : class
        where TValid : class
    {
        valid = null!;
        if (!Preconditions.TryReadIfMatch(http, out ifMatch, out var malformed))
        {
            return malformed!;
        }
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var errors = new ValidationErrors();
        if (validate(request, errors) is not { } checkedRequest)
        {
            return TenancyProblems.Invalid(errors);
        }
        valid = checkedRequest;
        return null;
    }
}

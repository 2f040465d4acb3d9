using Admin.Tenancy.Validation;

namespace Admin.Tenancy.Api;

/// <summary>The error responses the tenancy API shares.</summary>
public static class TenancyProblems
{
    public static IResult Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid. See errors for each field.");

    public static IResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} does not exist.");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static IResult MissingBody() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing body", detail: "The request needs a JSON body.");
}

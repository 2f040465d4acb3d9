using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Admin.Tenancy.Api;

/// <summary>
/// Optimistic concurrency over HTTP: every versioned resource is returned with
/// <c>ETag: "version"</c>, and a change to an existing resource must send it back in
/// <c>If-Match</c>. A stale version gets 412 and the current one, never a silent overwrite.
/// </summary>
public static class Preconditions
{
    public static string ETagFor(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETagFor(version);

    /// <summary>The version in If-Match (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>), null when absent; an error result when it is not a version.</summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? version, out IResult? problem)
    {
        version = null;
        problem = null;
        var header = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.Length == 0)
        {
            return true;
        }
        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        text = text.Trim('"');
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }
        problem = TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Malformed If-Match header",
            detail: $"If-Match must be the ETag this API returned, such as \"3\"; got {ValidationShorten(header)}.");
        return false;
    }

    /// <summary>Checks a change of an existing resource: If-Match present and equal to the current version.</summary>
    public static IResult? CheckCurrent(long? ifMatch, long currentVersion, string resource)
    {
        if (ifMatch is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status428PreconditionRequired,
                title: "If-Match required",
                detail: $"The {resource} already exists (version {currentVersion}). Send If-Match: {ETagFor(currentVersion)} with the version you are changing, so concurrent edits are never lost.");
        }
        return ifMatch == currentVersion ? null : Stale(resource, ifMatch.Value, currentVersion);
    }

    public static IResult Stale(string resource, long sentVersion, long? currentVersion) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "The resource was changed by someone else",
            detail: currentVersion is { } current
                ? $"The {resource} is at version {current} but this change was made to version {sentVersion}. Reload it, reapply your change and send If-Match: {ETagFor(current)}."
                : $"The {resource} was changed while this change to version {sentVersion} was being saved. Reload it and reapply your change.");

    static string ValidationShorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}

using System.Globalization;
using System.Text.RegularExpressions;
using Admin.Tenancy.Validation;
using Messaging.Tenancy.Model;

namespace Admin.Tenancy.Templates;

public sealed record ValidTemplate(string Name, string Language, TemplateCategory Category, string Body, TemplateStatus Status, string? TwilioContentSid);

public static partial class TemplateValidator
{
    public const int MaxBodyLength = 1024;

    public static ValidTemplate? Validate(TemplateRequest request, ValidationErrors errors)
    {
        var name = errors.Matching("name", request.Name, 512, NamePattern(), "use lowercase letters, digits and '_' only, as WhatsApp requires");
        var language = errors.Matching("language", request.Language, 8, LanguagePattern(), "a WhatsApp language code such as 'en', 'en_US' or 'pt_BR'");
        if (!TenancyCodes.TryParse<TemplateCategory>(request.Category, out var category))
        {
            errors.Add("category", $"category must be {TenancyCodes.Describe<TemplateCategory>()}.");
        }
        var status = TemplateStatus.Pending;
        if (request.Status is not null && !TenancyCodes.TryParse(request.Status, out status))
        {
            errors.Add("status", $"status must be {TenancyCodes.Describe<TemplateStatus>()}.");
        }
        var body = errors.Required("body", request.Body, MaxBodyLength);
        if (body is not null)
        {
            CheckParameters(body, errors);
        }
        var contentSid = request.TwilioContentSid is null
            ? null
            : errors.Matching("twilioContentSid", request.TwilioContentSid, 34, ContentSidPattern(), "a Twilio Content SID is 'HX' followed by 32 hexadecimal characters");
        return errors.IsValid ? new ValidTemplate(name!, language!, category, body!, status, contentSid) : null;
    }

    public static int CountParameters(string body) =>
        ParameterPattern().Matches(body).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>WhatsApp numbers parameters 1, 2, 3... with no gaps.</summary>
    static void CheckParameters(string body, ValidationErrors errors)
    {
        var numbers = ParameterPattern().Matches(body)
            .Select(match => int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Distinct()
            .Order()
            .ToList();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] != i + 1)
            {
                errors.Add("body", $"body parameters must be numbered {{{{1}}}}, {{{{2}}}}... without gaps; found {string.Join(", ", numbers.Select(n => $"{{{{{n}}}}}"))}.");
                return;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    private static partial Regex ContentSidPattern();

    [GeneratedRegex("\\{\\{\\s*([0-9]{1,3})\\s*\\}\\}")]
    private static partial Regex ParameterPattern();
}

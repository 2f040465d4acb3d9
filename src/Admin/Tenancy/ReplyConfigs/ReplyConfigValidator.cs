using System.Globalization;
using System.Text.RegularExpressions;
using Admin.Tenancy.Validation;
using Messaging.Tenancy.Model;

namespace Admin.Tenancy.ReplyConfigs;

public sealed record ValidReplyConfig(bool Enabled, int WaitSeconds, IReadOnlyList<ValidRule> Rules, ValidRule DefaultRule, string? Name);

public sealed record ValidRule(string Id, string Label, ValidMatcher? Matcher, bool AiResponse, string ResponseText);

public abstract record ValidMatcher;

public sealed record ValidKeywordMatcher(IReadOnlyList<string> Keywords, KeywordMode Mode) : ValidMatcher;

public sealed record ValidSemanticMatcher(string Description, double Threshold) : ValidMatcher;

public static partial class ReplyConfigValidator
{
    public const int MaxWaitSeconds = 30;
    public const int MaxRules = 100;
    public const int MaxKeywords = 50;
    public const int MaxKeywordLength = 100;
    public const int MaxDescriptionLength = 1000;
    public const int MaxCannedTextLength = 4096;
    public const int MaxPromptLength = 4000;
    public const int MaxNameLength = 100;

    public static ValidReplyConfig? Validate(ReplyConfigRequest request, ValidationErrors errors)
    {
        var waitSeconds = request.WaitSeconds ?? 0;
        if (waitSeconds is < 0 or > MaxWaitSeconds)
        {
            errors.Add("waitSeconds", $"waitSeconds is {waitSeconds}; it must be between 0 and {MaxWaitSeconds} seconds (how long to wait for more messages before answering them together).");
        }

        var requests = request.Rules ?? [];
        var rules = new List<ValidRule>();
        if (requests.Count > MaxRules)
        {
            errors.Add("rules", $"rules has {requests.Count} rules; the limit is {MaxRules}.");
        }
        else
        {
            for (var i = 0; i < requests.Count; i++)
            {
                if (ValidateRule($"rules[{i}]", requests[i], isDefault: false, errors) is { } rule)
                {
                    rules.Add(rule);
                }
            }
        }

        ValidRule? defaultRule = null;
        if (request.DefaultRule is null)
        {
            errors.Add("defaultRule", "defaultRule is required: every reply configuration needs a fallback rule (id, label, response) that answers the messages no other rule matched.");
        }
        else
        {
            defaultRule = ValidateRule("defaultRule", request.DefaultRule, isDefault: true, errors);
        }

        var name = request.Name is null ? null : errors.Required("name", request.Name, MaxNameLength);
        CheckUniqueIds(requests, request.DefaultRule, errors);
        return errors.IsValid ? new ValidReplyConfig(request.Enabled ?? true, waitSeconds, rules, defaultRule!, name) : null;
    }

    static ValidRule? ValidateRule(string field, RuleRequest? rule, bool isDefault, ValidationErrors errors)
    {
        if (rule is null)
        {
            errors.Add(field, $"{field} is empty.");
            return null;
        }
        var id = errors.Matching($"{field}.id", rule.Id, 64, RuleIdPattern(), "use 1 to 64 lowercase letters, digits, '-' and '_', starting with a letter or digit");
        var label = rule.Label is null ? id : errors.Required($"{field}.label", rule.Label, 200);

        ValidMatcher? matcher = null;
        if (isDefault)
        {
            if (rule.Matcher is not null)
            {
                errors.Add($"{field}.matcher", $"{field} must not have a matcher: it answers whatever no other rule matched.");
            }
        }
        else if (rule.Matcher is null)
        {
            errors.Add($"{field}.matcher", $"{field}.matcher is required: {{\"type\":\"keyword\",\"keywords\":[...]}} or {{\"type\":\"semantic\",\"description\":\"...\",\"threshold\":0.5}}.");
        }
        else
        {
            matcher = ValidateMatcher($"{field}.matcher", rule.Matcher, errors);
        }

        var (isAi, text) = ValidateResponse($"{field}.response", rule.Response, errors);
        return errors.IsValid ? new ValidRule(id!, label!, matcher, isAi, text!) : null;
    }

    static ValidMatcher? ValidateMatcher(string field, MatcherRequest matcher, ValidationErrors errors)
    {
        switch (matcher.Type)
        {
            case "keyword":
                var keywords = ValidateKeywords($"{field}.keywords", matcher.Keywords, errors);
                var mode = KeywordMode.WholeWord;
                if (matcher.Mode is not null && !TenancyCodes.TryParse(matcher.Mode, out mode))
                {
                    errors.Add($"{field}.mode", $"{field}.mode '{ValidationErrors.Shorten(matcher.Mode)}' is not valid: use {TenancyCodes.Describe<KeywordMode>()}.");
                }
                return keywords is null ? null : new ValidKeywordMatcher(keywords, mode);
            case "semantic":
                var description = matcher.Description is null
                    ? Missing($"{field}.description", $"{field}.description is required for a semantic rule: write the intent as the customer would ask it, for example 'I would like to book an appointment. Can I move my appointment?'.", errors)
                    : errors.Required($"{field}.description", matcher.Description, MaxDescriptionLength);
                if (matcher.Threshold is not { } threshold)
                {
                    errors.Add($"{field}.threshold", $"{field}.threshold is required for a semantic rule: the minimum cosine similarity between 0 and 1, for example 0.5.");
                }
                else if (double.IsNaN(threshold) || threshold < 0 || threshold > 1)
                {
                    errors.Add($"{field}.threshold", $"{field}.threshold is {threshold.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 1 (a cosine similarity).");
                }
                return description is null || !errors.IsValid ? null : new ValidSemanticMatcher(description, matcher.Threshold!.Value);
            case null:
                errors.Add($"{field}.type", $"{field}.type is required: 'keyword' or 'semantic'.");
                return null;
            default:
                errors.Add($"{field}.type", $"{field}.type '{ValidationErrors.Shorten(matcher.Type)}' is not a matcher: use 'keyword' or 'semantic'.");
                return null;
        }
    }

    static List<string>? ValidateKeywords(string field, IReadOnlyList<string?>? keywords, ValidationErrors errors)
    {
        if (keywords is null || keywords.Count == 0)
        {
            errors.Add(field, $"{field} is empty: a keyword rule needs at least one keyword.");
            return null;
        }
        if (keywords.Count > MaxKeywords)
        {
            errors.Add(field, $"{field} has {keywords.Count} keywords; the limit is {MaxKeywords}.");
            return null;
        }
        var valid = new List<string>();
        for (var i = 0; i < keywords.Count; i++)
        {
            if (errors.Required($"{field}[{i}]", keywords[i], MaxKeywordLength) is { } keyword)
            {
                valid.Add(keyword);
            }
        }
        return [.. valid.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    static (bool IsAi, string? Text) ValidateResponse(string field, ResponseRequest? response, ValidationErrors errors)
    {
        switch (response?.Type)
        {
            case "canned":
                return (false, errors.Required($"{field}.text", response.Text, MaxCannedTextLength));
            case "ai":
                return (true, errors.Required($"{field}.prompt", response.Prompt, MaxPromptLength));
            case null when response is null:
                errors.Add(field, $"{field} is required: {{\"type\":\"canned\",\"text\":\"...\"}} or {{\"type\":\"ai\",\"prompt\":\"...\"}}.");
                return (false, null);
            case null:
                errors.Add($"{field}.type", $"{field}.type is required: 'canned' or 'ai'.");
                return (false, null);
            default:
                errors.Add($"{field}.type", $"{field}.type '{ValidationErrors.Shorten(response.Type)}' is not a response: use 'canned' or 'ai'.");
                return (false, null);
        }
    }

    static void CheckUniqueIds(IReadOnlyList<RuleRequest?> rules, RuleRequest? defaultRule, ValidationErrors errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = rules.Select((rule, i) => (Field: $"rules[{i}]", Rule: rule)).Append(("defaultRule", defaultRule));
        foreach (var (field, rule) in all)
        {
            if (rule?.Id is not { } id)
            {
                continue;
            }
            if (seen.TryGetValue(id, out var first))
            {
                errors.Add($"{field}.id", $"{field}.id '{ValidationErrors.Shorten(id)}' is already used by {first}; rule ids must be unique.");
            }
            else
            {
                seen[id] = field;
            }
        }
    }

    static string? Missing(string field, string message, ValidationErrors errors)
    {
        errors.Add(field, message);
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex RuleIdPattern();
}

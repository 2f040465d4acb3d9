using System.Globalization;
using System.Text.Json;
using Messaging.Tenancy.Model;

namespace Eval;

/// <summary>
/// The scripted evaluation set (evaluation-set.json): three businesses as the demo seeds them
/// (rules, hours, knowledge) and customer messages with what should answer them: the rule, the
/// knowledge entry, the tool, and facts the reply must contain.
/// </summary>
internal sealed record EvaluationSet(IReadOnlyList<EvaluationBusiness> Businesses, IReadOnlyList<EvaluationCase> Cases)
{
    public const string FileName = "evaluation-set.json";

    public static EvaluationSet Load(string? path = null)
    {
        var file = path ?? Path.Combine(AppContext.BaseDirectory, FileName);
        return JsonSerializer.Deserialize<EvaluationSet>(File.ReadAllText(file), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{file} holds no evaluation set.");
    }

    public EvaluationBusiness Business(string id) => Businesses.Single(business => business.Id == id);
}

internal sealed record EvaluationBusiness(
    string Id,
    string Name,
    string TimeZone,
    IReadOnlyList<EvaluationHours> Hours,
    IReadOnlyList<EvaluationRule> Rules,
    IReadOnlyList<EvaluationKnowledge> Knowledge)
{
    public IReadOnlyList<KnowledgeEntry> Entries => [.. Knowledge.Select((entry, i) => new KnowledgeEntry($"{Id}-{i}", entry.Title, entry.Content, entry.Tags))];

    public IReadOnlyList<BusinessHoursRange> BusinessHours => [.. Hours.Select(hours => new BusinessHoursRange(
        Enum.Parse<DayOfWeek>(hours.Day), TimeOnly.Parse(hours.Open, CultureInfo.InvariantCulture), TimeOnly.Parse(hours.Close, CultureInfo.InvariantCulture)))];
}

internal sealed record EvaluationHours(string Day, string Open, string Close);

/// <summary>A keyword rule (canned in the demo) or a semantic one (AI) with its intent description and threshold.</summary>
internal sealed record EvaluationRule(string Id, IReadOnlyList<string>? Keywords, string? Mode, string? Description, double? Threshold)
{
    public bool IsSemantic => Description is not null;
}

internal sealed record EvaluationKnowledge(string Title, string Content, IReadOnlyList<string> Tags);

/// <summary>One customer message; <see cref="Rule"/> is a rule id or "default", <see cref="Knowledge"/> the entry search should rank first.</summary>
internal sealed record EvaluationCase(string Business, string Message, string Intent, string Rule, string? Knowledge, string? Tool, IReadOnlyList<string> Facts)
{
    /// <summary>Cases the offline responder answers (the default rule or a semantic AI rule) and that say what the answer must hold.</summary>
    public bool ChecksAnswer => Tool is not null || Facts.Count > 0;
}

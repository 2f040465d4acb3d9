using Agent.Conversations;
using Agent.Rules;
using Messaging.Tenancy.Model;

namespace Agent.Turns;

/// <summary>
/// The reply configuration applied to a burst: the master switch, requests about the
/// conversation itself (<see cref="CustomerRequestTurn"/>), then the rules. A burst of several
/// messages is answered as a whole: each message is matched on its own, and when they match
/// different rules, canned answers are joined, and any AI rule among them answers the whole burst
/// (so "where are you? / is there parking?" does not get only the address). Canned text goes as
/// written, an AI response goes through <see cref="AiTurn"/>.
/// </summary>
public sealed partial class TurnDecider(ReplyRuleEvaluator rules, AiTurn ai, CustomerRequestTurn requests, TurnTimeline timeline)
{
    public const string NoConfigurationReason = "The channel has no reply configuration, so it does not auto-reply.";
    public const string SwitchedOffReason = "Auto-replies are switched off for this channel.";
    public const string ReactionReason = "Reactions and system notices get no reply.";

    public async Task<TurnDecision> DecideAsync(TurnContext context, CancellationToken cancellationToken)
    {
        if (!context.Workspace.ReplyConfigurations.TryGetValue(context.Channel.Id, out var configuration))
        {
            return TurnDecision.NoReply(NoConfigurationReason);
        }
        if (context.Inbound.Kind is "reaction" or "system" && context.BurstMessageIds.Count == 1)
        {
            return TurnDecision.NoReply(ReactionReason);
        }
        if (!configuration.Enabled)
        {
            return TurnDecision.NoReply(SwitchedOffReason);
        }
        if (await requests.DecideAsync(context, context.Policy, cancellationToken) is { } request)
        {
            return request;
        }

        var segments = context.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(segment => !GreetingOnly().IsMatch(segment)).ToList();
        var matches = new List<RuleMatch>();
        foreach (var segment in segments.Count > 1 ? segments : [context.Text])
        {
            matches.Add(await rules.EvaluateAsync(configuration, segment, cancellationToken));
        }
        var distinct = matches.DistinctBy(match => match.Rule.Id).ToList();
        var chosen = distinct.Count == 1 ? distinct[0]
            : distinct.FirstOrDefault(match => !match.IsDefault && match.Rule.Response is AiResponse)
              ?? distinct.FirstOrDefault(match => match.Rule.Response is AiResponse);
        if (chosen is null)
        {
            // Every message matched a canned rule: their answers together, still free.
            var texts = distinct.Select(match => ((CannedResponse)match.Rule.Response).Text).Distinct().ToList();
            return TurnDecision.Reply(string.Join("\n\n", texts)) with
            {
                Steps = [timeline.Entry(context.Turn.Id, TurnEventKinds.RuleMatched,
                    $"The burst matched {distinct.Count} canned rules: their answers go together.",
                    new { rules = distinct.Select(match => new { ruleId = match.Rule.Id, label = match.Rule.Label, similarity = match.Similarity }), response = "canned" })],
            };
        }

        var responseKind = chosen.Rule.Response is AiResponse ? "ai" : "canned";
        var matched = timeline.Entry(context.Turn.Id, TurnEventKinds.RuleMatched,
            (chosen.IsDefault ? $"No rule matched: the default rule answers ({responseKind})." : $"Rule \"{chosen.Rule.Label}\" matched ({responseKind}).")
                + (distinct.Count > 1 ? $" The burst's messages matched {distinct.Count} rules; this one answers all of them." : ""),
            new
            {
                ruleId = chosen.Rule.Id,
                label = chosen.Rule.Label,
                isDefault = chosen.IsDefault,
                similarity = chosen.Similarity,
                response = responseKind,
                burstRules = distinct.Count > 1 ? distinct.Select(match => match.Rule.Id).ToArray() : null,
            });
        if (chosen.Rule.Response is CannedResponse canned)
        {
            return TurnDecision.Reply(canned.Text) with { Steps = [matched] };
        }
        // Operators watch an AI turn's timeline while it generates: the match shows before it.
        await timeline.WriteAsync(matched, cancellationToken);
        return chosen.Rule.Response switch
        {
            AiResponse prompt => await ai.DecideAsync(context, prompt, cancellationToken),
            _ => TurnDecision.NoReply($"Rule \"{chosen.Rule.Label}\" has a response this version does not know."),
        };
    }

    /// <summary>"hi", "hello!", "good morning 👋": a message of a burst that asks nothing.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\W*(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|hola|ol[aá]|bonjour|hallo|ciao|oi)\W*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex GreetingOnly();
}

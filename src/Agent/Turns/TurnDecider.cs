using Agent.Conversations;
using Agent.Rules;
using Messaging.Tenancy.Model;

namespace Agent.Turns;

/// <summary>
/// The reply configuration applied to a burst: the master
/// switch, the first matching rule or the default rule; canned text goes as written, an AI
/// response goes through <see cref="AiTurn"/>.
/// </summary>
public sealed class TurnDecider(ReplyRuleEvaluator rules, AiTurn ai, TurnTimeline timeline)
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
        if (!configuration.Enabled)
        {
            return TurnDecision.NoReply(SwitchedOffReason);
        }
        if (context.Inbound.Kind is "reaction" or "system" && string.IsNullOrWhiteSpace(context.Text))
        {
            return TurnDecision.NoReply(ReactionReason);
        }

        var match = await rules.EvaluateAsync(configuration, context.Text, cancellationToken);
        var responseKind = match.Rule.Response is AiResponse ? "ai" : "canned";
        await timeline.AddAsync(context.Turn.Id, TurnEventKinds.RuleMatched,
            match.IsDefault ? $"No rule matched: the default rule answers ({responseKind})." : $"Rule \"{match.Rule.Label}\" matched ({responseKind}).",
            new { ruleId = match.Rule.Id, label = match.Rule.Label, isDefault = match.IsDefault, similarity = match.Similarity, response = responseKind },
            cancellationToken);

        return match.Rule.Response switch
        {
            CannedResponse canned => TurnDecision.Reply(canned.Text),
            AiResponse prompt => await ai.DecideAsync(context, prompt, cancellationToken),
            _ => TurnDecision.NoReply($"Rule \"{match.Rule.Label}\" has a response this version does not know."),
        };
    }
}

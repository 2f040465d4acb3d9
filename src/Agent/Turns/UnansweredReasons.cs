using Agent.Delivery;
using Messaging.Contracts.Events;

namespace Agent.Turns;

/// <summary>
/// Why a customer's message got no reply, as a code operators filter the unanswered queue by.
/// A conversation a human handles and a reaction are silent on purpose and are not unanswered.
/// </summary>
public static class UnansweredReasons
{
    public const string PersonaNotApproved = "persona_not_approved";
    public const string NoCredits = "no_credits";
    public const string AiUnavailable = "ai_unavailable";
    public const string ChannelDisabled = "channel_disabled";
    public const string AutoRepliesOff = "auto_replies_off";
    public const string OptedOut = "opted_out";
    public const string WindowClosed = "window_closed_no_template";
    public const string Failed = "failed";
    public const string Other = "other";

    /// <summary>The causes after which the workspace's fallback message (if any) goes to the customer: the bot meant to answer and could not.</summary>
    public static bool SendsFallback(string code) => code is PersonaNotApproved or NoCredits or AiUnavailable or Failed;

    /// <summary>The code of a turn that ended without a reply, or null when the silence is intended.</summary>
    public static string? Classify(TurnOutcome outcome, string? reason) => reason switch
    {
        _ when outcome == TurnOutcome.Replied => null,
        InboundHandler.HumanHandlesReason or TurnDecider.ReactionReason => null,
        AiTurn.NoCreditsReason => NoCredits,
        OutboundHandler.ChannelDisabledReason => ChannelDisabled,
        OutboundHandler.NoTemplateReason => WindowClosed,
        TurnDecider.SwitchedOffReason or TurnDecider.NoConfigurationReason => AutoRepliesOff,
        OptOuts.OptedOutReason or OutboundHandler.OptedOutReason => OptedOut,
        not null when reason.StartsWith(AiTurn.PersonaReasonPrefix, StringComparison.Ordinal) => PersonaNotApproved,
        not null when reason.StartsWith(AiTurn.GenerationFailedPrefix, StringComparison.Ordinal) => AiUnavailable,
        _ when outcome == TurnOutcome.Failed => Failed,
        _ => Other,
    };
}

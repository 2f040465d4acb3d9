using Agent.Ai.Tools;
using Messaging.Tenancy.Model;

namespace Agent.Ai.Generation;

/// <summary>
/// One AI reply to write: the workspace (persona, knowledge, hours, AI settings), the matched
/// rule's prompt, the earlier messages of the conversation (oldest first, without the current
/// one), who wrote and what, the conversation's side of the tools, and the workspace's language
/// (ISO 639-1) for replies the model cannot write in the customer's.
/// </summary>
public sealed record GenerationRequest(
    TenantWorkspace Workspace,
    string? RulePrompt,
    IReadOnlyList<HistoryMessage> History,
    string SenderName,
    string Message,
    IConversationActions Actions,
    string Language = "en");

/// <summary>An earlier message of the conversation as the model sees it.</summary>
public sealed record HistoryMessage(HistoryAuthor Author, string Text);

public enum HistoryAuthor
{
    Customer,
    Bot,
    Operator,
}

using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Agent.Ai.Tools;

/// <summary>request_human: the conversation goes to an operator, once per turn.</summary>
public sealed class HandoffPlugin(IConversationActions actions)
{
    public const string PluginName = "handoff";
    const int MaxReasonLength = 500;

    bool _requested;

    [KernelFunction(ToolNames.RequestHuman)]
    [Description("Hands the conversation to a human member of staff; the bot stops answering. Use it when the customer asks for a person, accepts your offer of one, asks about their personal data, or when you cannot help or a safety question is not settled by the knowledge.")]
    public async Task<HumanRequestResult> RequestAsync(
        [Description("Why a person is needed, in one sentence, for the operator.")] string reason,
        CancellationToken cancellationToken)
    {
        if (_requested)
        {
            return new HumanRequestResult(true, "A person was already asked to take over this conversation.");
        }
        var cleanReason = string.IsNullOrWhiteSpace(reason) ? "The customer asked for a person." : reason.Trim();
        await actions.RequestHumanAsync(cleanReason.Length <= MaxReasonLength ? cleanReason : cleanReason[..MaxReasonLength], cancellationToken);
        _requested = true;
        return new HumanRequestResult(true, "A member of staff has been notified and will reply in this chat; the bot stops answering.");
    }
}

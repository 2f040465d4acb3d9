using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Agent.Ai.Tools;

/// <summary>capture_lead: one lead record per person and interest.</summary>
public sealed class LeadsPlugin(IConversationActions actions)
{
    public const string PluginName = "leads";

    [KernelFunction(ToolNames.CaptureLead)]
    [Description("Saves a lead when the customer shares an email address: one record per person and interest, so call it again for a second interest; earlier leads are kept.")]
    public async Task<LeadCaptureResult> CaptureAsync(
        [Description("The customer's email address, exactly as they wrote it.")] string email,
        [Description("The customer's name, if known.")] string? name = null,
        [Description("What the customer is interested in, in a few words (\"table for 4 on Friday\", \"balayage\").")] string? interest = null,
        CancellationToken cancellationToken = default)
    {
        var lead = LeadValidation.Validate(email, name, interest);
        var created = await actions.CaptureLeadAsync(lead, cancellationToken);
        return new LeadCaptureResult(true, lead.Email, lead.Name, lead.Interest, created);
    }
}

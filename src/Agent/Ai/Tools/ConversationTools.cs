using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agent.Ai.Telemetry;
using Messaging.Tenancy.Embeddings;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.AI;

namespace Agent.Ai.Tools;

/// <summary>
/// The tools of one generation, bound to its workspace and conversation. Each is an
/// <see cref="AIFunction"/> whose JSON schema comes from the method's parameters and descriptions.
/// </summary>
public sealed class ConversationTools
{
    static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    readonly TenantWorkspace _workspace;
    readonly IConversationActions _actions;
    readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    readonly KnowledgeSearch _search;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    bool _humanRequested;

    public ConversationTools(
        TenantWorkspace workspace,
        IConversationActions actions,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        KnowledgeSearch search,
        TimeProvider time,
        ILogger logger)
    {
        _workspace = workspace;
        _actions = actions;
        _embeddings = embeddings;
        _search = search;
        _time = time;
        _logger = logger;
        Functions =
        [
            Create(SearchKnowledgeAsync, ToolNames.SearchKnowledge,
                "Searches the business's knowledge base (services, prices, location, booking, policies) and returns the best entries, best first; an empty list means it does not cover the question. Use it before answering any factual question."),
            Create(CaptureLeadAsync, ToolNames.CaptureLead,
                "Saves the customer's contact details when they share an email address, so the team can follow up."),
            Create(RequestHumanAsync, ToolNames.RequestHuman,
                "Hands the conversation to a human member of staff. Use it when the customer asks for a person, or when you cannot help."),
            Create(BusinessHours, ToolNames.BusinessHours,
                "Tells whether the business is open right now, when it closes or opens next, and the weekly opening hours."),
        ];
    }

    public IReadOnlyList<AIFunction> Functions { get; }

    async Task<KnowledgeSearchResult> SearchKnowledgeAsync(
        [Description("The customer's question or the topic to look up, in a few words.")] string query,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ToolInputException("query must not be empty.");
        }
        try
        {
            return new KnowledgeSearchResult(query, await _search.SearchAsync(_workspace.Knowledge, _embeddings, query, KnowledgeSearch.DefaultTop, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException && _embeddings is not HashedNGramEmbeddingGenerator)
        {
            // The provider's embeddings are down: spelling similarity still finds most answers.
            AiLog.EmbeddingsFellBack(_logger, e);
            using var offline = new HashedNGramEmbeddingGenerator();
            return new KnowledgeSearchResult(query, await _search.SearchAsync(_workspace.Knowledge, offline, query, KnowledgeSearch.DefaultTop, cancellationToken));
        }
    }

    async Task<LeadCaptureResult> CaptureLeadAsync(
        [Description("The customer's email address, exactly as they wrote it.")] string email,
        [Description("The customer's name, if known.")] string? name = null,
        [Description("What the customer is interested in, in a few words.")] string? interest = null,
        CancellationToken cancellationToken = default)
    {
        var lead = LeadValidation.Validate(email, name, interest);
        await _actions.CaptureLeadAsync(lead, cancellationToken);
        return new LeadCaptureResult(true, lead.Email, lead.Name, lead.Interest);
    }

    async Task<HumanRequestResult> RequestHumanAsync(
        [Description("Why a person is needed, in one sentence, for the operator.")] string reason,
        CancellationToken cancellationToken)
    {
        if (_humanRequested)
        {
            return new HumanRequestResult(true, "A person was already asked to take over this conversation.");
        }
        var cleanReason = string.IsNullOrWhiteSpace(reason) ? "The customer asked for a person." : reason.Trim();
        await _actions.RequestHumanAsync(cleanReason.Length <= 500 ? cleanReason : cleanReason[..500], cancellationToken);
        _humanRequested = true;
        return new HumanRequestResult(true, "A member of staff has been notified and will reply in this chat; the bot stops answering.");
    }

    BusinessHoursResult BusinessHours() =>
        BusinessHoursCalculator.Calculate(_workspace.BusinessHours, _workspace.TimeZone, _time.GetUtcNow());

    static AIFunction Create(Delegate method, string name, string description) =>
        AIFunctionFactory.Create(method, new AIFunctionFactoryOptions { Name = name, Description = description, SerializerOptions = ResultJson });
}

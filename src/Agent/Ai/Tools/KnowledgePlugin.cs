using System.ComponentModel;
using Agent.Ai.Telemetry;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Agent.Ai.Tools;

/// <summary>search_knowledge: the workspace's knowledge entries that answer a question.</summary>
public sealed class KnowledgePlugin(
    TenantWorkspace workspace,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IEmbeddingGenerator<string, Embedding<float>> offlineEmbeddings,
    KnowledgeSearch search,
    ILogger logger)
{
    public const string PluginName = "knowledge";

    [KernelFunction(ToolNames.SearchKnowledge)]
    [Description("Searches the business's knowledge base (services, prices, location, parking, booking, allergies, policies) and returns the best entries, best first; an empty list means it does not cover the question. Use it before answering any factual question, once per distinct question. When safetyRelevant is true, answer only with what the entries say and offer a person when they do not settle the question.")]
    public async Task<KnowledgeSearchResult> SearchAsync(
        [Description("One customer question or topic to look up, in a few words.")] string query,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ToolInputException("query must not be empty.");
        }
        var safety = SafetyTopics.Find(query);
        try
        {
            return new KnowledgeSearchResult(query, await search.SearchAsync(workspace.Knowledge, embeddings, query, KnowledgeSearch.DefaultTop, cancellationToken), safety is not null);
        }
        catch (Exception e) when (e is not OperationCanceledException && !ReferenceEquals(embeddings, offlineEmbeddings))
        {
            // The provider's embeddings are down: the offline embedding and keywords still find most answers.
            AiLog.EmbeddingsFellBack(logger, e);
            return new KnowledgeSearchResult(query, await search.SearchAsync(workspace.Knowledge, offlineEmbeddings, query, KnowledgeSearch.DefaultTop, cancellationToken), safety is not null);
        }
    }
}

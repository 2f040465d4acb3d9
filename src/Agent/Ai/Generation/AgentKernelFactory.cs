using Agent.Ai.Providers;
using Agent.Ai.Tools;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Agent.Ai.Generation;

/// <summary>
/// The Semantic Kernel of one generation: the workspace's chat client (an OpenAI-compatible
/// endpoint, or the offline responder: both are <see cref="IChatClient"/>s, so both take this
/// path) wrapped in SK's function invocation, the plugins bound to the workspace and the
/// conversation, and the filter that records every tool call.
/// </summary>
public sealed class AgentKernelFactory(
    KnowledgeSearch knowledgeSearch,
    IEmbeddingGenerator<string, Embedding<float>> offlineEmbeddings,
    ILoggerFactory loggers,
    TimeProvider time)
{
    public Kernel Create(AiClients ai, GenerationRequest request, ToolCallRecorder recorder)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddChatClient(ai.Chat).UseKernelFunctionInvocation(loggers);
        builder.Services.AddSingleton<IAutoFunctionInvocationFilter>(recorder);
        var logger = loggers.CreateLogger<KnowledgePlugin>();
        builder.Plugins.AddFromObject(new KnowledgePlugin(request.Workspace, ai.Embeddings, offlineEmbeddings, knowledgeSearch, logger), KnowledgePlugin.PluginName);
        builder.Plugins.AddFromObject(new HoursPlugin(request.Workspace, time), HoursPlugin.PluginName);
        builder.Plugins.AddFromObject(new LeadsPlugin(request.Actions), LeadsPlugin.PluginName);
        builder.Plugins.AddFromObject(new HandoffPlugin(request.Actions), HandoffPlugin.PluginName);
        return builder.Build();
    }
}

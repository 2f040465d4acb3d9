using System.ClientModel;
using Agent.Ai.Providers;
using Agent.Ai.Telemetry;
using Agent.Ai.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Agent.Ai.Generation;

/// <summary>
/// The tool loop: system prompt (persona, rule prompt, reply rules), the history that fits the
/// budget, the current message as delimited data; then model call, tool calls, model call...
/// for at most Ai:MaxToolRounds rounds of tools, after which the model is asked once more with
/// no tools offered so it must answer. Every tool call is recorded.
/// </summary>
public sealed class ReplyGenerator(
    IAiClientFactory clients,
    KnowledgeSearch knowledgeSearch,
    IOptionsMonitor<AiOptions> options,
    AiMetrics metrics,
    TimeProvider time,
    ILogger<ReplyGenerator> logger) : IReplyGenerator
{
    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var workspace = request.Workspace;
        var ai = clients.GetClients(workspace.Ai);
        var started = time.GetTimestamp();
        try
        {
            if (workspace.Persona is not { IsApproved: true } persona)
            {
                throw new ReplyGenerationException(GenerationFailure.PersonaNotApproved,
                    $"Workspace {workspace.Id} has no approved persona, so AI replies are off.");
            }
            var tools = new ConversationTools(workspace, request.Actions, ai.Embeddings, knowledgeSearch, time, logger);
            var executor = new ToolExecutor(tools.Functions, metrics, logger, time);
            var messages = BuildMessages(request, persona.Prompt, settings);
            var chatOptions = new ChatOptions
            {
                Tools = [.. tools.Functions],
                ToolMode = ChatToolMode.Auto,
                MaxOutputTokens = settings.MaxOutputTokens,
            };

            var records = new List<ToolCallRecord>();
            long inputTokens = 0, outputTokens = 0;
            for (var round = 1; ; round++)
            {
                var lastRound = round > settings.MaxToolRounds;
                if (lastRound)
                {
                    AiLog.ToolRoundsExhausted(logger, settings.MaxToolRounds);
                    chatOptions = chatOptions.Clone();
                    chatOptions.Tools = null;
                    chatOptions.ToolMode = ChatToolMode.None;
                }
                var response = await CallModelAsync(ai.Chat, messages, chatOptions, settings.RequestTimeout, cancellationToken);
                inputTokens += response.Usage?.InputTokenCount ?? 0;
                outputTokens += response.Usage?.OutputTokenCount ?? 0;
                messages.AddRange(response.Messages);

                var calls = response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>().ToList();
                if (calls.Count == 0 || lastRound)
                {
                    var reply = response.Text.Trim();
                    if (reply.Length == 0)
                    {
                        throw new ReplyGenerationException(GenerationFailure.EmptyReply,
                            calls.Count > 0 ? "The model kept asking for tools instead of answering." : "The model answered with no text.");
                    }
                    var elapsed = time.GetElapsedTime(started);
                    var modelId = response.ModelId ?? ai.Chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? ai.Mode;
                    metrics.Generated(ai.Mode, inputTokens, outputTokens, elapsed);
                    AiLog.Generated(logger, workspace.Id, ai.Mode, modelId, round, records.Count, inputTokens, outputTokens, (long)elapsed.TotalMilliseconds);
                    return new GenerationResult(reply, modelId, ai.IsOffline, inputTokens, outputTokens, round, records,
                        (long)elapsed.TotalMilliseconds, response.FinishReason?.Value ?? "unknown");
                }

                var (results, roundRecords) = await executor.ExecuteAsync(calls, cancellationToken);
                messages.Add(results);
                records.AddRange(roundRecords);
            }
        }
        catch (ReplyGenerationException e)
        {
            Fail(workspace.Id, ai.Mode, e, started);
            throw;
        }
    }

    void Fail(string workspaceId, string mode, ReplyGenerationException e, long started)
    {
        metrics.Failed(mode, e.Reason.ToString());
        AiLog.GenerationFailed(logger, workspaceId, e.Reason.ToString(), (long)time.GetElapsedTime(started).TotalMilliseconds, e);
    }

    /// <summary>The SDK retries, then throws the attempts' errors together: the last one tells what happened.</summary>
    static ReplyGenerationException Classify(Exception e)
    {
        var last = e is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[^1] : e;
        return last switch
        {
            ClientResultException { Status: > 0 } result =>
                new ReplyGenerationException(GenerationFailure.ProviderError, $"The AI provider answered {result.Status}: {result.Message}", e),
            ClientResultException or HttpRequestException =>
                new ReplyGenerationException(GenerationFailure.ProviderUnavailable, $"The AI provider could not be reached: {last.Message}", e),
            _ => new ReplyGenerationException(GenerationFailure.ProviderError, $"The AI provider's answer could not be used: {last.Message}", e),
        };
    }

    List<ChatMessage> BuildMessages(GenerationRequest request, string personaPrompt, AiOptions settings)
    {
        var current = CustomerContent.FormatCurrent(request.SenderName, request.Message);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt.Build(request.Workspace, personaPrompt, request.RulePrompt, time.GetUtcNow())),
        };
        foreach (var earlier in HistoryWindow.Select(request.History, current, settings.HistoryTokenBudget))
        {
            messages.Add(earlier.Author == HistoryAuthor.Customer
                ? new ChatMessage(ChatRole.User, CustomerContent.Wrap(earlier.Text))
                : new ChatMessage(ChatRole.Assistant, earlier.Text));
        }
        messages.Add(new ChatMessage(ChatRole.User, current));
        return messages;
    }

    /// <summary>One model call within Ai:RequestTimeout; provider failures become <see cref="ReplyGenerationException"/>.</summary>
    async Task<ChatResponse> CallModelAsync(IChatClient chat, List<ChatMessage> messages, ChatOptions chatOptions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await chat.GetResponseAsync(messages, chatOptions, linked.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ReplyGenerationException(GenerationFailure.Timeout, $"The model did not answer within {timeout}.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Classify(e);
        }
    }
}

using System.ClientModel;
using Agent.Ai.Providers;
using Agent.Ai.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;

namespace Agent.Ai.Generation;

/// <summary>
/// A reply through the workspace's kernel: system prompt (persona, rule prompt, reply rules),
/// the history that fits the budget, the current message as delimited data, tools chosen by the
/// model (<see cref="FunctionChoiceBehavior.Auto"/>) and invoked by the kernel. When the rounds
/// of tools run out, the model is asked once more with no tools so it must answer.
/// </summary>
public sealed class ReplyGenerator(
    IAiClientFactory clients,
    AgentKernelFactory kernels,
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
            var recorder = new ToolCallRecorder(settings.MaxToolRounds, metrics, logger);
            var kernel = kernels.Create(ai, request, recorder);
            var chat = kernel.GetRequiredService<IChatClient>();
            var messages = BuildMessages(request, persona.Prompt, settings);

            var autoOptions = ChatOptionsFor(kernel, FunctionChoiceBehavior.Auto(), settings);
            var response = await CallModelAsync(chat, messages, autoOptions, settings.RequestTimeout, cancellationToken);
            recorder.RecordUnhandled(response.Messages);
            var rounds = response.Messages.Count(message => message.Role == ChatRole.Assistant);
            var inputTokens = response.Usage?.InputTokenCount ?? 0;
            var outputTokens = response.Usage?.OutputTokenCount ?? 0;
            var reply = FinalText(response);
            if (reply is null && (recorder.Exhausted || response.Messages.LastOrDefault()?.Role == ChatRole.Tool))
            {
                // The tools stay declared (the conversation refers to them) but may not be called, and
                // the raw client is asked, so nothing would run them if the model tried anyway.
                messages.AddRange(response.Messages);
                var answerOnly = new ChatOptions { Tools = autoOptions.Tools, ToolMode = ChatToolMode.None, MaxOutputTokens = settings.MaxOutputTokens };
                response = await CallModelAsync(ai.Chat, messages, answerOnly, settings.RequestTimeout, cancellationToken);
                rounds++;
                inputTokens += response.Usage?.InputTokenCount ?? 0;
                outputTokens += response.Usage?.OutputTokenCount ?? 0;
                reply = FinalText(response);
            }
            if (reply is null)
            {
                throw new ReplyGenerationException(GenerationFailure.EmptyReply,
                    recorder.Exhausted ? "The model kept asking for tools instead of answering." : "The model answered with no text.");
            }

            var elapsed = time.GetElapsedTime(started);
            var modelId = response.ModelId ?? ai.Chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? ai.Mode;
            metrics.Generated(ai.Mode, inputTokens, outputTokens, elapsed);
            AiLog.Generated(logger, workspace.Id, ai.Mode, modelId, rounds, recorder.Records.Count, inputTokens, outputTokens, (long)elapsed.TotalMilliseconds);
            return new GenerationResult(reply, modelId, ai.IsOffline, inputTokens, outputTokens, rounds, recorder.Records,
                (long)elapsed.TotalMilliseconds, response.FinishReason?.Value ?? "unknown");
        }
        catch (ReplyGenerationException e)
        {
            metrics.Failed(ai.Mode, e.Reason.ToString());
            AiLog.GenerationFailed(logger, workspace.Id, e.Reason.ToString(), (long)time.GetElapsedTime(started).TotalMilliseconds, e);
            throw;
        }
    }

    static ChatOptions ChatOptionsFor(Kernel kernel, FunctionChoiceBehavior behavior, AiOptions settings)
    {
        var chatOptions = new PromptExecutionSettings { FunctionChoiceBehavior = behavior }.ToChatOptions(kernel) ?? new ChatOptions();
        chatOptions.MaxOutputTokens = settings.MaxOutputTokens;
        return chatOptions;
    }

    /// <summary>The text of the model's last message, when that message is an answer rather than tool calls.</summary>
    static string? FinalText(ChatResponse response)
    {
        var last = response.Messages.LastOrDefault();
        if (last is null || last.Role != ChatRole.Assistant || last.Contents.OfType<FunctionCallContent>().Any())
        {
            return null;
        }
        var text = last.Text.Trim();
        return text.Length == 0 ? null : text;
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
            new(ChatRole.System, SystemPrompt.Build(request.Workspace, personaPrompt, request.RulePrompt, time.GetUtcNow(), request.Language)),
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

    /// <summary>The model calls of one reply within Ai:RequestTimeout; provider failures become <see cref="ReplyGenerationException"/>.</summary>
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

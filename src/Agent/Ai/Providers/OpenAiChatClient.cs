using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;
using OpenAiFinishReason = OpenAI.Chat.ChatFinishReason;

namespace Agent.Ai.Providers;

/// <summary>
/// <see cref="IChatClient"/> over the OpenAI SDK's chat completions, for any OpenAI-compatible
/// endpoint: messages, function tools, tool calls and results, usage and finish reason.
/// </summary>
public sealed class OpenAiChatClient : IChatClient
{
    readonly ChatClient _client;
    readonly ChatClientMetadata _metadata;

    public OpenAiChatClient(ChatClient client, Uri endpoint, string model)
    {
        _client = client;
        _metadata = new ChatClientMetadata("openai", endpoint, model);
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var completion = (await _client.CompleteChatAsync(ToOpenAi(messages), ToOpenAi(options), cancellationToken)).Value;
        return FromOpenAi(completion);
    }

    /// <summary>Replies go to WhatsApp whole, so streaming is the complete response as one update.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(ChatClient) ? _client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    internal static List<OpenAiChatMessage> ToOpenAi(IEnumerable<AiChatMessage> messages)
    {
        var result = new List<OpenAiChatMessage>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.User)
            {
                result.Add(new UserChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                result.Add(ToAssistantMessage(message));
            }
            else if (message.Role == ChatRole.Tool)
            {
                result.AddRange(message.Contents.OfType<FunctionResultContent>()
                    .Select(toolResult => new ToolChatMessage(toolResult.CallId, SerializeResult(toolResult.Result))));
            }
        }
        return result;
    }

    static AssistantChatMessage ToAssistantMessage(AiChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(call => ChatToolCall.CreateFunctionToolCall(
                call.CallId, call.Name, BinaryData.FromString(JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions))))
            .ToList();
        if (calls.Count == 0)
        {
            return new AssistantChatMessage(message.Text);
        }
        var assistant = new AssistantChatMessage(calls);
        if (!string.IsNullOrEmpty(message.Text))
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(message.Text));
        }
        return assistant;
    }

    internal static string SerializeResult(object? result) => result switch
    {
        null => "null",
        string text => text,
        JsonElement json => json.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };

    internal static ChatCompletionOptions ToOpenAi(ChatOptions? options)
    {
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }
        result.Temperature = options.Temperature;
        result.MaxOutputTokenCount = options.MaxOutputTokens;
        foreach (var function in options.Tools?.OfType<AIFunctionDeclaration>() ?? [])
        {
            result.Tools.Add(ChatTool.CreateFunctionTool(function.Name, function.Description, BinaryData.FromString(function.JsonSchema.GetRawText())));
        }
        if (result.Tools.Count > 0 && options.ToolMode is NoneChatToolMode)
        {
            result.ToolChoice = ChatToolChoice.CreateNoneChoice();
        }
        return result;
    }

    internal static ChatResponse FromOpenAi(ChatCompletion completion)
    {
        var contents = new List<AIContent>();
        var text = new StringBuilder();
        foreach (var part in completion.Content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text)
            {
                text.Append(part.Text);
            }
        }
        if (text.Length > 0)
        {
            contents.Add(new TextContent(text.ToString()));
        }
        foreach (var call in completion.ToolCalls)
        {
            contents.Add(ToFunctionCall(call));
        }
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = completion.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.InputTokenCount, OutputTokenCount = usage.OutputTokenCount, TotalTokenCount = usage.TotalTokenCount }
                : null,
        };
    }

    /// <summary>Unparseable arguments keep the call, with the error, so the tool loop can tell the model.</summary>
    static FunctionCallContent ToFunctionCall(ChatToolCall call)
    {
        var json = call.FunctionArguments.ToString();
        try
        {
            var arguments = string.IsNullOrWhiteSpace(json)
                ? new Dictionary<string, object?>()
                : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)?.ToDictionary(pair => pair.Key, pair => (object?)pair.Value)
                    ?? new Dictionary<string, object?>();
            return new FunctionCallContent(call.Id, call.FunctionName, arguments);
        }
        catch (JsonException e)
        {
            return new FunctionCallContent(call.Id, call.FunctionName) { Exception = new ArgumentException($"The arguments are not a JSON object: {e.Message}", e) };
        }
    }

    static AiFinishReason? ToFinishReason(OpenAiFinishReason reason) => reason switch
    {
        OpenAiFinishReason.Stop => AiFinishReason.Stop,
        OpenAiFinishReason.Length => AiFinishReason.Length,
        OpenAiFinishReason.ToolCalls or OpenAiFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        OpenAiFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        _ => null,
    };
}

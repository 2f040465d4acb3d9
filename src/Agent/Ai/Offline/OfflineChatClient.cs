using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agent.Ai.Generation;
using Agent.Ai.Providers;
using Agent.Ai.Tools;
using Microsoft.Extensions.AI;

namespace Agent.Ai.Offline;

/// <summary>
/// The embedded default model (ModelId "offline"), used when no AI endpoint is configured. It
/// plays by the same rules as a real model: on a customer message it asks for the tools the
/// message calls for (search_knowledge, business_hours, capture_lead, request_human) through
/// the same tool loop, and once the results are back it writes a short reply from them.
/// Deterministic; it reports no token usage because it uses none.
/// </summary>
public sealed partial class OfflineChatClient : IChatClient
{
    public const string ModelId = "offline";

    readonly ChatClientMetadata _metadata = new("messaging-offline", null, ModelId);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var conversation = messages.ToList();
        var lastUser = conversation.FindLastIndex(message => message.Role == ChatRole.User);
        var (text, senderName) = lastUser < 0 ? ("", null) : CustomerContent.Read(conversation[lastUser].Text);
        var intent = OfflineIntent.Read(text);
        var sinceUser = conversation.Skip(lastUser + 1).ToList();

        if (!sinceUser.Any(message => message.Role == ChatRole.Tool))
        {
            var calls = PlanToolCalls(intent, text, senderName, OfferedTools(options));
            if (calls.Count > 0)
            {
                return Task.FromResult(Respond(new ChatMessage(ChatRole.Assistant, [.. calls]), ChatFinishReason.ToolCalls));
            }
        }

        var system = conversation.FirstOrDefault(message => message.Role == ChatRole.System)?.Text ?? "";
        var business = SystemPrompt.ReadBusinessName(system);
        var assistant = AssistantPattern().Match(system) is { Success: true } match ? match.Groups["name"].Value : null;
        // "You are Aurora's assistant" names the business, not the assistant.
        if (assistant is not null && business?.Contains(assistant, StringComparison.OrdinalIgnoreCase) == true)
        {
            assistant = null;
        }
        var context = new OfflineContext(senderName, business, assistant, SystemPrompt.ReadTopics(system));
        var reply = OfflineReplyComposer.Compose(intent, context, Outcomes(sinceUser));
        return Task.FromResult(Respond(new ChatMessage(ChatRole.Assistant, reply), ChatFinishReason.Stop));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    static HashSet<string> OfferedTools(ChatOptions? options) =>
        options?.ToolMode is NoneChatToolMode ? [] : (options?.Tools ?? []).Select(tool => tool.Name).ToHashSet(StringComparer.Ordinal);

    static List<FunctionCallContent> PlanToolCalls(OfflineIntent intent, string text, string? senderName, HashSet<string> offered)
    {
        var calls = new List<FunctionCallContent>();
        void Call(string tool, Dictionary<string, object?> arguments)
        {
            if (offered.Contains(tool))
            {
                calls.Add(new FunctionCallContent($"offline-{calls.Count + 1}", tool, arguments));
            }
        }

        if (intent.WantsHuman)
        {
            Call(ToolNames.RequestHuman, new() { ["reason"] = "The customer asked to talk to a person." });
        }
        if (intent.Email is { } email)
        {
            Call(ToolNames.CaptureLead, new()
            {
                ["email"] = email,
                ["name"] = intent.StatedName ?? senderName,
                ["interest"] = intent.NeedsKnowledge ? Shorten(intent.Remainder, 200) : null,
            });
        }
        if (intent.AsksHours)
        {
            Call(ToolNames.BusinessHours, []);
        }
        if (intent.NeedsKnowledge || (intent.AsksHours && !offered.Contains(ToolNames.BusinessHours)))
        {
            // The question without greetings, names and addresses, which would only blur the search.
            Call(ToolNames.SearchKnowledge, new() { ["query"] = Shorten(intent.NeedsKnowledge ? intent.Remainder : text, 500) });
        }
        return calls;
    }

    /// <summary>The results since the customer's message, each with the name of the tool that produced it.</summary>
    static List<ToolOutcome> Outcomes(List<ChatMessage> sinceUser)
    {
        var names = sinceUser.SelectMany(message => message.Contents).OfType<FunctionCallContent>()
            .GroupBy(call => call.CallId).ToDictionary(group => group.Key, group => group.First().Name, StringComparer.Ordinal);
        return sinceUser.SelectMany(message => message.Contents).OfType<FunctionResultContent>()
            .Where(result => names.ContainsKey(result.CallId))
            .Select(result =>
            {
                using var json = JsonDocument.Parse(OpenAiChatClient.SerializeResult(result.Result));
                var root = json.RootElement.Clone();
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var message) ? message.ToString() : null;
                return new ToolOutcome(names[result.CallId], root, error);
            })
            .ToList();
    }

    static ChatResponse Respond(ChatMessage message, ChatFinishReason finishReason) => new(message)
    {
        ModelId = ModelId,
        FinishReason = finishReason,
        Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 },
    };

    static string Shorten(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>"You are Mia, ..." or "Your name is Mia": the persona's own name, for the welcome.</summary>
    [GeneratedRegex(@"\b(?:You are|You're|Your name is)\s+(?<name>\p{Lu}[\p{L}'-]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AssistantPattern();
}

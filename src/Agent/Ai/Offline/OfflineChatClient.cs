using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agent.Ai.Generation;
using Agent.Ai.Languages;
using Agent.Ai.Tools;
using Microsoft.Extensions.AI;

namespace Agent.Ai.Offline;

/// <summary>
/// The embedded default model (ModelId "offline"), used when no AI endpoint is configured. It
/// plays by the same rules as a real model: on a customer message it asks for the tools the
/// message calls for (search_knowledge once per question, business_hours, check_booking,
/// capture_lead, request_human), which the kernel invokes as it would a real model's calls, and
/// once the results are back it writes a short reply from them.
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
        var system = conversation.FirstOrDefault(message => message.Role == ChatRole.System)?.Text ?? "";
        var intent = OfflineIntent.Read(text, SystemPrompt.ReadLanguage(system));
        var sinceUser = conversation.Skip(lastUser + 1).ToList();

        if (!sinceUser.Any(message => message.Role == ChatRole.Tool))
        {
            var calls = PlanToolCalls(intent, senderName, OfferedTools(options));
            if (calls.Count > 0)
            {
                return Task.FromResult(Respond(new ChatMessage(ChatRole.Assistant, [.. calls]), ChatFinishReason.ToolCalls));
            }
        }

        var business = SystemPrompt.ReadBusinessName(system);
        var assistant = AssistantPattern().Match(system) is { Success: true } match ? match.Groups["name"].Value : null;
        // "You are Aurora's assistant" names the business, not the assistant.
        if (assistant is not null && business?.Contains(assistant, StringComparison.OrdinalIgnoreCase) == true)
        {
            assistant = null;
        }
        var context = new OfflineContext(senderName, business, assistant, SystemPrompt.ReadTopics(system), CustomerTexts.For([SystemPrompt.ReadLanguage(system)]));
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

    /// <summary>The offered tools by their short names (search_knowledge), each with the name the kernel gave it (knowledge_search_knowledge).</summary>
    static Dictionary<string, string> OfferedTools(ChatOptions? options)
    {
        var offered = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options?.ToolMode is NoneChatToolMode)
        {
            return offered;
        }
        foreach (var name in (options?.Tools ?? []).Select(tool => tool.Name))
        {
            foreach (var tool in KnownTools.Where(tool => ToolNames.Is(name, tool)))
            {
                offered[tool] = name;
            }
        }
        return offered;
    }

    static readonly string[] KnownTools = [ToolNames.SearchKnowledge, ToolNames.CaptureLead, ToolNames.RequestHuman, ToolNames.BusinessHours, ToolNames.CheckBooking];

    static List<FunctionCallContent> PlanToolCalls(OfflineIntent intent, string? senderName, Dictionary<string, string> offered)
    {
        var calls = new List<FunctionCallContent>();
        void Call(string tool, Dictionary<string, object?> arguments)
        {
            if (offered.TryGetValue(tool, out var name))
            {
                calls.Add(new FunctionCallContent($"offline-{calls.Count + 1}", name, arguments));
            }
        }

        if (intent.ForeignLanguage is { } language)
        {
            // It cannot read the question, so it does not guess from spelling: a person answers.
            Call(ToolNames.RequestHuman, new() { ["reason"] = $"The customer writes in {language}, which the offline responder cannot answer." });
            return calls;
        }
        if (intent.WantsHuman)
        {
            Call(ToolNames.RequestHuman, new() { ["reason"] = intent.WantsDataRequest ? "The customer asks about their personal data." : "The customer asked to talk to a person." });
        }
        if (intent.Email is { } email)
        {
            Call(ToolNames.CaptureLead, new()
            {
                ["email"] = email,
                ["name"] = intent.StatedName ?? senderName,
                ["interest"] = intent.Booking is { } booking ? booking.Describe() : intent.NeedsKnowledge ? Shorten(intent.Remainder, 200) : null,
            });
        }
        if (intent.Booking is { Day: not null, Time: not null } requested)
        {
            Call(ToolNames.CheckBooking, new() { ["day"] = requested.Day, ["time"] = requested.Time, ["partySize"] = requested.PartySize });
        }
        else if (intent.AsksHours)
        {
            Call(ToolNames.BusinessHours, []);
        }
        if (intent.NeedsKnowledge)
        {
            // One search per question, without greetings, names and addresses, which would only blur it.
            foreach (var question in intent.Questions)
            {
                Call(ToolNames.SearchKnowledge, new() { ["query"] = Shorten(question, 500) });
            }
        }
        else if (intent.AsksHours && !offered.ContainsKey(ToolNames.BusinessHours))
        {
            Call(ToolNames.SearchKnowledge, new() { ["query"] = Shorten(intent.Remainder.Length > 0 ? intent.Remainder : "opening hours", 500) });
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
                var root = ToolResultJson.ToElement(result.Result);
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var message) ? message.ToString() : null;
                return new ToolOutcome(KnownTools.FirstOrDefault(tool => ToolNames.Is(names[result.CallId], tool)) ?? names[result.CallId], root, error);
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

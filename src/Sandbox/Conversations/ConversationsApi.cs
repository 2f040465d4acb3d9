using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Calls;
using Sandbox.Simulator;

namespace Sandbox.Conversations;

/// <summary>The simulated phone's view of a conversation, and the window control tests need.</summary>
public static partial class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder api)
    {
        var conversation = api.MapGroup("/conversations/{provider}/{business}/{customer}");
        conversation.MapGet("/", Get);
        conversation.MapPut("/last-inbound", SetLastInbound);
        api.MapDelete("/conversations", async (ConversationStore store) =>
        {
            await store.ClearAsync();
            return TypedResults.NoContent();
        });
        return api;
    }

    static IResult Get(ConversationStore store, string provider, string business, string customer, long? after, ILoggerFactory loggers) =>
        Key(provider, business, customer) is { } key
            ? TypedResults.Ok(store.Snapshot(key, after ?? 0))
            : Invalid(loggers, provider, customer);

    /// <summary>
    /// Test and operations control: pretends the customer last wrote at the given time (null:
    /// never), which opens or closes the 24-hour window without waiting a day.
    /// </summary>
    static async Task<IResult> SetLastInbound(ConversationStore store, string provider, string business, string customer, LastInboundRequest request, ILoggerFactory loggers)
    {
        if (Key(provider, business, customer) is not { } key)
        {
            return Invalid(loggers, provider, customer);
        }

        await store.SetLastInboundAsync(key, request.At);
        return TypedResults.Ok(store.Snapshot(key, long.MaxValue));
    }

    static ConversationKey? Key(string provider, string business, string customer) =>
        provider.ToLowerInvariant() is Providers.Meta or Providers.Twilio && CustomerNumber.Problem(customer) is null
            ? ConversationKey.Create(provider, business, customer)
            : null;

    static ProblemHttpResult Invalid(ILoggerFactory loggers, string provider, string customer)
    {
        var reason = CustomerNumber.Problem(customer) ?? $"Provider must be 'meta' or 'twilio' (got '{provider}').";
        LogRefused(loggers.CreateLogger(typeof(ConversationsApi)), reason);
        return TypedResults.Problem(reason, statusCode: StatusCodes.Status400BadRequest);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a conversation request: {Reason}")]
    static partial void LogRefused(ILogger logger, string reason);
}

/// <param name="At">When the customer last wrote; null when they never did.</param>
public sealed record LastInboundRequest(DateTimeOffset? At);

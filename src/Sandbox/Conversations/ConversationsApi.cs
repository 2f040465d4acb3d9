using Messaging.Channels.Inbound;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Calls;

namespace Sandbox.Conversations;

/// <summary>The simulated phone's view of a conversation, and the window control tests need.</summary>
public static class ConversationsApi
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

    static IResult Get(ConversationStore store, string provider, string business, string customer, long? after) =>
        Key(provider, business, customer) is { } key
            ? TypedResults.Ok(store.Snapshot(key, after ?? 0))
            : UnknownProvider(provider);

    /// <summary>
    /// Test and operations control: pretends the customer last wrote at the given time (null:
    /// never), which opens or closes the 24-hour window without waiting a day.
    /// </summary>
    static async Task<IResult> SetLastInbound(ConversationStore store, string provider, string business, string customer, LastInboundRequest request)
    {
        if (Key(provider, business, customer) is not { } key)
        {
            return UnknownProvider(provider);
        }

        await store.SetLastInboundAsync(key, request.At);
        return TypedResults.Ok(store.Snapshot(key, long.MaxValue));
    }

    static ConversationKey? Key(string provider, string business, string customer) =>
        provider.ToLowerInvariant() is Providers.Meta or Providers.Twilio && PhoneNumbers.IsPlausible(customer)
            ? ConversationKey.Create(provider, business, customer)
            : null;

    static ProblemHttpResult UnknownProvider(string provider) =>
        TypedResults.Problem($"Provider must be 'meta' or 'twilio' and customer a phone number (got provider '{provider}').", statusCode: StatusCodes.Status400BadRequest);
}

/// <param name="At">When the customer last wrote; null when they never did.</param>
public sealed record LastInboundRequest(DateTimeOffset? At);

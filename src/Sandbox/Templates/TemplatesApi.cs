using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Accounts;

namespace Sandbox.Templates;

/// <summary>
/// The templates the emulated providers have approved, as an operator creates them in WhatsApp
/// Manager or Twilio's Content editor; a send of one shows its text with the values filled in.
/// </summary>
public static class TemplatesApi
{
    public sealed record TemplateList(IReadOnlyList<MetaTemplate> Meta, IReadOnlyList<TwilioContent> Twilio);

    public sealed record MetaTemplateRequest(string? Category, string? Body);

    public sealed record TwilioContentRequest(string? FriendlyName, string? Language, string? Body);

    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates");
        templates.MapGet("/", (TemplateStore store) => TypedResults.Ok(new TemplateList(store.MetaTemplates, store.TwilioContents)));
        templates.MapPut("/meta/{phoneNumberId}/{name}/{language}", PutMeta);
        templates.MapPut("/twilio/{accountSid}/{contentSid}", PutTwilio);
        return api;
    }

    static async Task<IResult> PutMeta(string phoneNumberId, string name, string language, MetaTemplateRequest request, AccountStore accounts, TemplateStore store)
    {
        if (accounts.FindMetaNumber(phoneNumberId) is not { } number)
        {
            return TypedResults.Problem($"No Meta phone number id '{phoneNumberId}' is registered.", statusCode: StatusCodes.Status404NotFound);
        }

        var options = new MetaTemplateOptions { Name = name, Language = language, Category = request.Category ?? "utility", Body = request.Body ?? "" };
        if (AccountValidation.DataAnnotations(options) is { Count: > 0 } errors)
        {
            return Invalid(errors);
        }

        var template = new MetaTemplate(number.BusinessAccountId, options.Name, options.Language, options.Category.ToLowerInvariant(), options.Body);
        await store.SaveAsync(template);
        return TypedResults.Ok(template);
    }

    static async Task<IResult> PutTwilio(string accountSid, string contentSid, TwilioContentRequest request, AccountStore accounts, TemplateStore store)
    {
        if (accounts.FindTwilioAccount(accountSid) is not { } account)
        {
            return TypedResults.Problem($"No Twilio account '{accountSid}' is registered.", statusCode: StatusCodes.Status404NotFound);
        }

        var options = new TwilioContentOptions { ContentSid = contentSid, FriendlyName = request.FriendlyName ?? contentSid, Language = request.Language ?? "en", Body = request.Body ?? "" };
        if (AccountValidation.DataAnnotations(options) is { Count: > 0 } errors)
        {
            return Invalid(errors);
        }

        var content = new TwilioContent(options.ContentSid, account.AccountSid, options.FriendlyName, options.Language, options.Body);
        await store.SaveAsync(content);
        return TypedResults.Ok(content);
    }

    static ValidationProblem Invalid(IReadOnlyList<string> errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["template"] = [.. errors] });
}

using Microsoft.Extensions.Options;
using Sandbox.Accounts;
using Sandbox.Calls;
using Sandbox.Conversations;
using Sandbox.Faults;
using Sandbox.Media;
using Sandbox.Templates;

namespace Sandbox.Storage;

/// <summary>
/// Fills the in-memory stores from the database at start-up, after the migrations and before
/// the Sandbox listens or plays any callback, then applies the accounts and templates of
/// configuration on top.
/// </summary>
public sealed partial class SandboxStateLoader(
    AccountStore accounts, ConversationStore conversations, CallLog calls, FaultStore faults, MediaStore media, TemplateStore templates,
    IOptions<SandboxOptions> options, ILogger<SandboxStateLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await accounts.LoadAsync(cancellationToken);
        await conversations.LoadAsync(cancellationToken);
        await calls.LoadAsync(cancellationToken);
        await faults.LoadAsync(cancellationToken);
        await media.LoadAsync(cancellationToken);
        await templates.LoadAsync(cancellationToken);
        foreach (var number in options.Value.MetaNumbers)
        {
            var businessAccountId = accounts.FindMetaNumber(number.PhoneNumberId)!.BusinessAccountId;
            foreach (var template in number.Templates)
            {
                await templates.SaveAsync(new MetaTemplate(businessAccountId, template.Name, template.Language, template.Category.ToLowerInvariant(), template.Body));
            }
        }

        foreach (var account in options.Value.TwilioAccounts)
        {
            foreach (var content in account.Contents)
            {
                await templates.SaveAsync(new TwilioContent(content.ContentSid, account.AccountSid, content.FriendlyName, content.Language, content.Body));
            }
        }

        LogLoaded(accounts.MetaNumbers.Count, accounts.TwilioAccounts.Count, templates.MetaTemplates.Count + templates.TwilioContents.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox state loaded: {MetaNumbers} Meta numbers, {TwilioAccounts} Twilio accounts, {Templates} templates")]
    partial void LogLoaded(int metaNumbers, int twilioAccounts, int templates);
}

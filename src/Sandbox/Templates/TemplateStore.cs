using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Sandbox.Storage;

namespace Sandbox.Templates;

/// <summary>
/// The templates the emulated providers know, so a template send shows its text with the values
/// filled in, as the customer sees it. Kept in the database, served from memory.
/// </summary>
public sealed class TemplateStore(SandboxDb db)
{
    readonly ConcurrentDictionary<(string BusinessAccountId, string Name, string Language), MetaTemplate> _meta = new();
    readonly ConcurrentDictionary<string, TwilioContent> _twilio = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<MetaTemplate> MetaTemplates => [.. _meta.Values.OrderBy(t => t.BusinessAccountId, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Language, StringComparer.Ordinal)];

    public IReadOnlyList<TwilioContent> TwilioContents => [.. _twilio.Values.OrderBy(c => c.ContentSid, StringComparer.Ordinal)];

    public MetaTemplate? FindMeta(string businessAccountId, string name, string language) => _meta.GetValueOrDefault((businessAccountId, name, language));

    public TwilioContent? FindTwilio(string contentSid) => _twilio.GetValueOrDefault(contentSid);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (meta, twilio) = await db.RunAsync(async context => (
            await context.MetaTemplates.AsNoTracking().ToListAsync(cancellationToken),
            await context.TwilioContents.AsNoTracking().ToListAsync(cancellationToken)));
        foreach (var row in meta)
        {
            _meta[(row.BusinessAccountId, row.Name, row.Language)] = new MetaTemplate(row.BusinessAccountId, row.Name, row.Language, row.Category, row.Body);
        }

        foreach (var row in twilio)
        {
            _twilio[row.ContentSid] = new TwilioContent(row.ContentSid, row.AccountSid, row.FriendlyName, row.Language, row.Body);
        }
    }

    public async Task SaveAsync(MetaTemplate template)
    {
        await db.RunAsync(async context =>
        {
            var row = await context.MetaTemplates.FindAsync(template.BusinessAccountId, template.Name, template.Language);
            if (row is null)
            {
                row = new MetaTemplateRow { BusinessAccountId = template.BusinessAccountId, Name = template.Name, Language = template.Language, Category = "", Body = "" };
                context.MetaTemplates.Add(row);
            }

            row.Category = template.Category;
            row.Body = template.Body;
            await context.SaveChangesAsync();
        });
        _meta[(template.BusinessAccountId, template.Name, template.Language)] = template;
    }

    public async Task SaveAsync(TwilioContent content)
    {
        await db.RunAsync(async context =>
        {
            var row = await context.TwilioContents.FindAsync(content.ContentSid);
            if (row is null)
            {
                row = new TwilioContentRow { ContentSid = content.ContentSid, AccountSid = "", FriendlyName = "", Language = "", Body = "" };
                context.TwilioContents.Add(row);
            }

            row.AccountSid = content.AccountSid;
            row.FriendlyName = content.FriendlyName;
            row.Language = content.Language;
            row.Body = content.Body;
            await context.SaveChangesAsync();
        });
        _twilio[content.ContentSid] = content;
    }
}

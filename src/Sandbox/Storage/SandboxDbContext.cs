using Microsoft.EntityFrameworkCore;

namespace Sandbox.Storage;

/// <summary>The "sandbox" schema: everything the emulated providers know; its EF Core migrations are in Storage/Migrations.</summary>
public sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    public const string Schema = "sandbox";

    public DbSet<MetaNumberRow> MetaNumbers => Set<MetaNumberRow>();
    public DbSet<TwilioAccountRow> TwilioAccounts => Set<TwilioAccountRow>();
    public DbSet<ConversationRow> Conversations => Set<ConversationRow>();
    public DbSet<MessageRow> Messages => Set<MessageRow>();
    public DbSet<MediaRow> Media => Set<MediaRow>();
    public DbSet<MetaTemplateRow> MetaTemplates => Set<MetaTemplateRow>();
    public DbSet<TwilioContentRow> TwilioContents => Set<TwilioContentRow>();
    public DbSet<CallRow> Calls => Set<CallRow>();
    public DbSet<FaultRow> Faults => Set<FaultRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<MetaNumberRow>(number =>
        {
            number.ToTable("meta_numbers");
            number.HasKey(n => n.PhoneNumberId);
            number.Property(n => n.PhoneNumberId).HasColumnName("phone_number_id");
            number.Property(n => n.DisplayPhoneNumber).HasColumnName("display_phone_number");
            number.Property(n => n.VerifiedName).HasColumnName("verified_name");
            number.Property(n => n.BusinessAccountId).HasColumnName("business_account_id");
            number.Property(n => n.AccessToken).HasColumnName("access_token");
            number.Property(n => n.AppSecret).HasColumnName("app_secret");
            number.Property(n => n.WebhookUrl).HasColumnName("webhook_url");
            number.Property(n => n.Position).HasColumnName("position");
        });

        modelBuilder.Entity<TwilioAccountRow>(account =>
        {
            account.ToTable("twilio_accounts");
            account.HasKey(a => a.AccountSid);
            account.Property(a => a.AccountSid).HasColumnName("account_sid");
            account.Property(a => a.AuthToken).HasColumnName("auth_token");
            account.Property(a => a.FriendlyName).HasColumnName("friendly_name");
            account.Property(a => a.WhatsAppNumbers).HasColumnName("whatsapp_numbers");
            account.Property(a => a.WebhookUrl).HasColumnName("webhook_url");
            account.Property(a => a.CreatedAt).HasColumnName("created_at");
            account.Property(a => a.Position).HasColumnName("position");
        });

        modelBuilder.Entity<ConversationRow>(conversation =>
        {
            conversation.ToTable("conversations");
            conversation.HasKey(c => new { c.Provider, c.Business, c.Customer });
            conversation.Property(c => c.Provider).HasColumnName("provider");
            conversation.Property(c => c.Business).HasColumnName("business");
            conversation.Property(c => c.Customer).HasColumnName("customer");
            conversation.Property(c => c.LastInboundAt).HasColumnName("last_inbound_at");
        });

        modelBuilder.Entity<MessageRow>(message =>
        {
            message.ToTable("messages");
            message.HasKey(m => m.MessageId);
            message.HasIndex(m => new { m.Provider, m.Business, m.Customer });
            message.Property(m => m.MessageId).HasColumnName("message_id");
            message.Property(m => m.Provider).HasColumnName("provider");
            message.Property(m => m.Business).HasColumnName("business");
            message.Property(m => m.Customer).HasColumnName("customer");
            message.Property(m => m.Sequence).HasColumnName("sequence");
            message.Property(m => m.From).HasColumnName("from_party");
            message.Property(m => m.At).HasColumnName("at");
            message.Property(m => m.Kind).HasColumnName("kind");
            message.Property(m => m.Text).HasColumnName("text");
            message.Property(m => m.Options).HasColumnName("options").HasColumnType("jsonb");
            message.Property(m => m.MediaUrl).HasColumnName("media_url");
            message.Property(m => m.ReplyTo).HasColumnName("reply_to");
            message.Property(m => m.ReplyToPreview).HasColumnName("reply_to_preview");
            message.Property(m => m.Status).HasColumnName("status");
        });

        modelBuilder.Entity<MediaRow>(media =>
        {
            media.ToTable("media");
            media.HasKey(m => m.Id);
            media.Property(m => m.Id).HasColumnName("id");
            media.Property(m => m.Owner).HasColumnName("owner");
            media.Property(m => m.Kind).HasColumnName("kind");
            media.Property(m => m.MimeType).HasColumnName("mime_type");
            media.Property(m => m.Size).HasColumnName("size");
            media.Property(m => m.Sha256).HasColumnName("sha256");
            media.Property(m => m.FileName).HasColumnName("file_name");
            media.Property(m => m.CreatedAt).HasColumnName("created_at");
        });

        modelBuilder.Entity<MetaTemplateRow>(template =>
        {
            template.ToTable("meta_templates");
            template.HasKey(t => new { t.BusinessAccountId, t.Name, t.Language });
            template.Property(t => t.BusinessAccountId).HasColumnName("business_account_id");
            template.Property(t => t.Name).HasColumnName("name");
            template.Property(t => t.Language).HasColumnName("language");
            template.Property(t => t.Category).HasColumnName("category");
            template.Property(t => t.Body).HasColumnName("body");
        });

        modelBuilder.Entity<TwilioContentRow>(content =>
        {
            content.ToTable("twilio_contents");
            content.HasKey(c => c.ContentSid);
            content.Property(c => c.ContentSid).HasColumnName("content_sid");
            content.Property(c => c.AccountSid).HasColumnName("account_sid");
            content.Property(c => c.FriendlyName).HasColumnName("friendly_name");
            content.Property(c => c.Language).HasColumnName("language");
            content.Property(c => c.Body).HasColumnName("body");
        });

        modelBuilder.Entity<CallRow>(call =>
        {
            call.ToTable("calls");
            call.HasKey(c => c.Id);
            // Ids are handed out in memory, in the order callers see them (see CallLog).
            call.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            call.Property(c => c.At).HasColumnName("at");
            call.Property(c => c.Provider).HasColumnName("provider");
            call.Property(c => c.Direction).HasColumnName("direction");
            call.Property(c => c.Kind).HasColumnName("kind");
            call.Property(c => c.Method).HasColumnName("method");
            call.Property(c => c.Url).HasColumnName("url");
            call.Property(c => c.BusinessNumber).HasColumnName("business_number");
            call.Property(c => c.CustomerNumber).HasColumnName("customer_number");
            call.Property(c => c.MessageId).HasColumnName("message_id");
            call.Property(c => c.Auth).HasColumnName("auth");
            call.Property(c => c.RequestBody).HasColumnName("request_body");
            call.Property(c => c.ResponseStatus).HasColumnName("response_status");
            call.Property(c => c.ResponseBody).HasColumnName("response_body");
            call.Property(c => c.Error).HasColumnName("error");
            call.Property(c => c.UserAgent).HasColumnName("user_agent");
        });

        modelBuilder.Entity<FaultRow>(fault =>
        {
            fault.ToTable("faults");
            fault.HasKey(f => f.Id);
            fault.Property(f => f.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            fault.Property(f => f.Provider).HasColumnName("provider");
            fault.Property(f => f.Business).HasColumnName("business");
            fault.Property(f => f.Code).HasColumnName("code");
            fault.Property(f => f.Late).HasColumnName("late");
        });
    }
}

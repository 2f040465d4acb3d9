using System.Net.Http.Json;
using System.Text;
using Admin.Tests.Tenancy;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Testing;
using Messaging.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using StackExchange.Redis;

namespace Admin.Tests.Alerts;

/// <summary>
/// Credit alerts from billing:events and channels disabled for bad credentials reach the
/// workspace's owners (not its operators) by mail, through a real SMTP server, once per episode,
/// with what to do and a link into the console.
/// </summary>
public sealed class OwnerAlertMailTests(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    SmtpSink _smtp = null!;
    RedisServer _redis = null!;
    AdminApp _app = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _smtp = new SmtpSink();
        // A Redis of its own: the admin group of every other Admin under test would take these events too.
        _redis = await RedisFixture.StartDedicatedAsync(requirePassword: false, Ct);
        _app = await AdminApp.StartAsync(postgres, redis, new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PUBLIC_BASE_URL"] = "https://console.example",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _redis.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    async Task<(string WorkspaceId, string Slug, string Owner)> WorkspaceAsync(string prefix)
    {
        var slug = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var workspaceId = await _app.CreateWorkspaceAsync(slug);
        var (owner, _) = await _app.CreateMemberAsync(workspaceId, "owner");
        await _app.CreateMemberAsync(workspaceId, "operator");
        return (workspaceId, slug, owner);
    }

    static (IReadOnlyList<string> To, string Subject, string Text) Read(SmtpSink.Message message)
    {
        var mime = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message.Data)));
        return (message.Recipients, mime.Subject ?? "", mime.TextBody ?? "");
    }

    [Fact]
    public async Task Low_and_exhausted_credits_are_mailed_to_the_owners_with_a_link_to_the_credits_page()
    {
        var (workspaceId, slug, owner) = await WorkspaceAsync("credits-mail");
        await GroupExistsAsync(StreamNames.BillingEvents);
        var publisher = _app.Services.GetRequiredService<IEventPublisher>();

        await publisher.PublishAsync(StreamNames.BillingEvents, new CreditsLow(workspaceId, 3, 10, DateTimeOffset.UtcNow), Ct);
        var low = Read(await _smtp.NextAsync());
        Assert.Equal([owner], low.To);
        Assert.Contains("credits are running low (3 left)", low.Subject, StringComparison.Ordinal);
        Assert.Contains("add credits", low.Text, StringComparison.Ordinal);
        Assert.Contains($"https://console.example/admin/w/{slug}/billing", low.Text, StringComparison.Ordinal);

        // A grant is no news; the next alert is the next mail.
        await publisher.PublishAsync(StreamNames.BillingEvents, new CreditsGranted(workspaceId, 5, 8, "owner", "top-up", DateTimeOffset.UtcNow), Ct);
        await publisher.PublishAsync(StreamNames.BillingEvents, new CreditsExhausted(workspaceId, DateTimeOffset.UtcNow), Ct);
        var exhausted = Read(await _smtp.NextAsync());
        Assert.Equal([owner], exhausted.To);
        Assert.Contains("AI replies have stopped", exhausted.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_disabled_for_bad_credentials_is_mailed_once_per_episode()
    {
        var (workspaceId, slug, owner) = await WorkspaceAsync("channel-mail");
        var channel = await _app.CreateChannelAsync(workspaceId, AdminApp.MetaChannel("558" + Random.Shared.Next(1_000_000, 9_999_999)));
        var channelId = channel.GetProperty("id").GetString()!;
        var name = channel.GetProperty("name").GetString()!;

        await ReportAsync(channelId, "disabled", "The access token was refused (190).");
        var first = Read(await _smtp.NextAsync());
        Assert.Equal([owner], first.To);
        Assert.Contains($"{name} is disabled", first.Subject, StringComparison.Ordinal);
        Assert.Contains("The access token was refused (190).", first.Text, StringComparison.Ordinal);
        Assert.Contains("rotate", first.Text, StringComparison.Ordinal);
        Assert.Contains($"https://console.example/admin/w/{slug}/channels", first.Text, StringComparison.Ordinal);

        // Every refused send reports it again: still the same episode, so no second alert is even written.
        await ReportAsync(channelId, "disabled", "The access token was refused (190).");
        Assert.Equal(1, await DisabledAlertsAsync(channelId));

        // Working again, then refused again: a new episode, a new mail.
        await ReportAsync(channelId, "healthy", null);
        await ReportAsync(channelId, "disabled", "The access token expired.");
        var second = Read(await _smtp.NextAsync());
        Assert.Contains("The access token expired.", second.Text, StringComparison.Ordinal);
        Assert.Equal(2, await DisabledAlertsAsync(channelId));
    }

    [Fact]
    public async Task The_code_typed_on_a_verification_call_is_mailed_to_the_owners()
    {
        var (workspaceId, slug, owner) = await WorkspaceAsync("code-mail");
        await GroupExistsAsync(StreamNames.ChannelAlerts);
        var publisher = _app.Services.GetRequiredService<IEventPublisher>();

        await publisher.PublishAsync(StreamNames.ChannelAlerts,
            new VerificationCodeCaptured(workspaceId, Guid.NewGuid().ToString(), "Front desk (Twilio)", "482913", "+15550001111", DateTimeOffset.UtcNow), Ct);

        var mail = Read(await _smtp.NextAsync());
        Assert.Equal([owner], mail.To);
        Assert.Contains("the verification code for Front desk (Twilio)", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("482913", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("482913", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"https://console.example/admin/w/{slug}/channels", mail.Text, StringComparison.Ordinal);
    }

    async Task ReportAsync(string channelId, string status, string? lastError) =>
        await AdminApp.ReadSuccessAsync(await _app.Client.PutAsJsonAsync($"/api/tenancy/channels/{channelId}/health", new { status, lastError }, Ct));

    async Task<long> DisabledAlertsAsync(string channelId)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM tenancy.outbox WHERE event_type = 'ChannelDisabled' AND payload->>'channelId' = @c", connection);
        count.Parameters.AddWithValue("c", channelId);
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The admin group starts at the end of billing:events, so an alert published before it exists would not be news to it.</summary>
    async Task GroupExistsAsync(string stream)
    {
        var database = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!(await database.KeyExistsAsync(stream) && (await database.StreamGroupInfoAsync(stream)).Any(g => g.Name == ConsumerGroups.Admin)))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}

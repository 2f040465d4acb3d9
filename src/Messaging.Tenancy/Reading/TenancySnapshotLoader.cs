using System.Data;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Platform;
using Messaging.Tenancy.Secrets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Tenancy.Reading;

/// <summary>
/// Reads the tenancy schema (never writes it) into immutable snapshots, decrypting secrets.
/// A workspace is read in one read-only repeatable-read transaction, so its channels, rules
/// and persona always belong to the same moment.
/// </summary>
internal sealed class TenancySnapshotLoader(NpgsqlDataSource dataSource, TenantSecretProtector secrets, IOptions<PlatformMetaAppOptions> platform)
{
    public async Task<ChannelDirectory> LoadDirectoryAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, workspace_id, meta_phone_number_id, twilio_number, meta_verify_token_salt, meta_verify_token_hash FROM tenancy.channels");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var channels = new List<ChannelKeys>();
        while (await reader.ReadAsync(cancellationToken))
        {
            channels.Add(new ChannelKeys(
                reader.GetGuid(0).ToString(),
                reader.GetGuid(1).ToString(),
                NullableString(reader, 2),
                NullableString(reader, 3),
                reader.IsDBNull(4) || reader.IsDBNull(5) ? null : new StoredVerifyToken(reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<byte[]>(5))));
        }
        return ChannelDirectory.Build(channels);
    }

    public async Task<TenantWorkspace?> LoadWorkspaceAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in WorkspaceQueries)
        {
            var batchCommand = new NpgsqlBatchCommand(sql);
            batchCommand.Parameters.AddWithValue("ws", workspaceId);
            batch.BatchCommands.Add(batchCommand);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var id = reader.GetGuid(0).ToString();
        var name = reader.GetString(1);
        var slug = reader.GetString(2);
        var timeZone = reader.GetString(3);
        var businessHours = BusinessHoursJson.Deserialize(reader.GetString(4));
        var retention = new RetentionPolicy(TenancyCodes.Parse<RetentionMode>(reader.GetString(5)), reader.GetInt32(6));
        long? lowCreditThreshold = reader.IsDBNull(7) ? null : reader.GetInt64(7);
        var version = reader.GetInt64(8);

        await reader.NextResultAsync(cancellationToken);
        var channels = new List<TenantChannel>();
        var configOfChannel = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var channel = ReadChannel(reader);
            channels.Add(channel);
            if (!reader.IsDBNull(19))
            {
                configOfChannel[channel.Id] = reader.GetGuid(19).ToString();
            }
        }

        await reader.NextResultAsync(cancellationToken);
        var configs = new List<(string Id, bool Enabled, int WaitSeconds, long Version)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            configs.Add((reader.GetGuid(0).ToString(), reader.GetBoolean(1), reader.GetInt32(2), reader.GetInt64(3)));
        }

        await reader.NextResultAsync(cancellationToken);
        var rules = new List<(string ConfigId, bool IsDefault, ReplyRule Rule)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add((reader.GetGuid(0).ToString(), reader.GetBoolean(1), ReadRule(reader)));
        }

        await reader.NextResultAsync(cancellationToken);
        WorkspacePersona? persona = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            persona = new WorkspacePersona(reader.GetString(0), TenancyCodes.Parse<PersonaSafety>(reader.GetString(1)), NullableString(reader, 2), reader.GetInt64(3));
        }

        await reader.NextResultAsync(cancellationToken);
        var knowledge = new List<KnowledgeEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            knowledge.Add(new KnowledgeEntry(reader.GetGuid(0).ToString(), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3)));
        }

        await reader.NextResultAsync(cancellationToken);
        var templates = new List<MessageTemplate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            templates.Add(new MessageTemplate(
                reader.GetGuid(0).ToString(),
                reader.GetString(1),
                reader.GetString(2),
                TenancyCodes.Parse<TemplateCategory>(reader.GetString(3)),
                reader.GetString(4),
                TenancyCodes.Parse<TemplateStatus>(reader.GetString(5)),
                NullableString(reader, 6)));
        }

        await reader.NextResultAsync(cancellationToken);
        var ai = AiSettings.Offline;
        if (await reader.ReadAsync(cancellationToken))
        {
            ai = new AiSettings(
                TenancyCodes.Parse<AiMode>(reader.GetString(0)),
                NullableString(reader, 1) is { } endpoint ? new Uri(endpoint) : null,
                NullableString(reader, 2),
                NullableString(reader, 3),
                Decrypt(NullableString(reader, 4)));
        }

        var configsById = new Dictionary<string, ReplyConfiguration>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            var configRules = rules.Where(rule => rule.ConfigId == config.Id).ToList();
            var defaultRule = configRules.Single(rule => rule.IsDefault).Rule;
            configsById[config.Id] = new ReplyConfiguration(
                config.Id,
                config.Enabled,
                config.WaitSeconds,
                configRules.Where(rule => !rule.IsDefault).Select(rule => rule.Rule).ToList(),
                defaultRule,
                config.Version);
        }
        var replyConfigurations = new Dictionary<string, ReplyConfiguration>(StringComparer.Ordinal);
        foreach (var (channelId, configId) in configOfChannel)
        {
            if (configsById.TryGetValue(configId, out var configuration))
            {
                replyConfigurations[channelId] = configuration;
            }
        }

        return new TenantWorkspace(id, name, slug, timeZone, businessHours, retention, lowCreditThreshold,
            persona, knowledge, templates, ai, channels, replyConfigurations, version);
    }

    static readonly string[] WorkspaceQueries =
    [
        """
        SELECT id, name, slug, time_zone, business_hours::text, retention_mode, retention_days, low_credit_threshold, version
        FROM tenancy.workspaces WHERE id = @ws
        """,
        """
        SELECT id, workspace_id, name, provider, enabled, base_url, allowlist,
               meta_phone_number_id, meta_display_phone_number, meta_waba_id, meta_access_token_protected,
               meta_app_secret_protected, meta_platform_app, meta_graph_api_version,
               twilio_account_sid, twilio_auth_token_protected, twilio_number, health_status, version, reply_config_id
        FROM tenancy.channels WHERE workspace_id = @ws ORDER BY created_at, id
        """,
        "SELECT id, enabled, wait_seconds, version FROM tenancy.reply_configs WHERE workspace_id = @ws",
        """
        SELECT r.config_id, r.is_default, r.rule_id, r.label, r.matcher_kind, r.keywords, r.keyword_mode,
               r.intent_description, r.threshold, r.embedding, r.embedding_model, r.response_kind, r.response_text
        FROM tenancy.reply_rules r JOIN tenancy.reply_configs c ON c.id = r.config_id
        WHERE c.workspace_id = @ws ORDER BY r.config_id, r.position
        """,
        "SELECT prompt, safety_status, safety_reason, version FROM tenancy.personas WHERE workspace_id = @ws",
        "SELECT id, title, content, tags FROM tenancy.knowledge_entries WHERE workspace_id = @ws ORDER BY created_at, id",
        """
        SELECT id, name, language, category, body, status, twilio_content_sid
        FROM tenancy.templates WHERE workspace_id = @ws ORDER BY name, language
        """,
        "SELECT mode, endpoint, chat_model, embedding_model, api_key_protected FROM tenancy.ai_settings WHERE workspace_id = @ws",
    ];

    TenantChannel ReadChannel(NpgsqlDataReader reader)
    {
        var provider = TenancyCodes.Parse<ChannelProvider>(reader.GetString(3));
        var baseUrl = NullableString(reader, 5) is { } url ? new Uri(url) : null;
        MetaChannelSettings? meta = null;
        if (provider == ChannelProvider.Meta && reader.GetBoolean(12))
        {
            // A number of the platform app: its credentials are the deployment's, not stored per channel.
            // Where this service has no platform app configured, the channel has no Meta settings,
            // so Ingest refuses its webhooks and the Agent reports it misconfigured.
            if (platform.Value is { IsConfigured: true } app)
            {
                meta = new MetaChannelSettings(reader.GetString(7), NullableString(reader, 8), app.WabaId is { Length: > 0 } waba ? waba : NullableString(reader, 9),
                    app.AccessToken!, app.AppSecret!, reader.GetString(13), UsesPlatformApp: true);
                baseUrl ??= app.BaseUrl;
            }
        }
        else if (provider == ChannelProvider.Meta)
        {
            meta = new MetaChannelSettings(
                reader.GetString(7),
                NullableString(reader, 8),
                NullableString(reader, 9),
                secrets.Unprotect(reader.GetString(10)),
                secrets.Unprotect(reader.GetString(11)),
                reader.GetString(13));
        }
        var twilio = provider == ChannelProvider.Twilio
            ? new TwilioChannelSettings(reader.GetString(14), secrets.Unprotect(reader.GetString(15)), reader.GetString(16))
            : null;
        return new TenantChannel(
            reader.GetGuid(0).ToString(),
            reader.GetGuid(1).ToString(),
            reader.GetString(2),
            provider,
            reader.GetBoolean(4),
            baseUrl,
            reader.GetFieldValue<string[]>(6).ToHashSet(StringComparer.Ordinal),
            meta,
            twilio,
            TenancyCodes.Parse<ChannelHealth>(reader.GetString(17)),
            reader.GetInt64(18));
    }

    static ReplyRule ReadRule(NpgsqlDataReader reader)
    {
        RuleMatcher? matcher = NullableString(reader, 4) switch
        {
            "keyword" => new KeywordMatcher(reader.GetFieldValue<string[]>(5), TenancyCodes.Parse<KeywordMode>(reader.GetString(6))),
            "semantic" => new SemanticMatcher(reader.GetString(7), reader.GetDouble(8), reader.GetFieldValue<float[]>(9), reader.GetString(10)),
            _ => null,
        };
        RuleResponse response = reader.GetString(11) == "ai"
            ? new AiResponse(reader.GetString(12))
            : new CannedResponse(reader.GetString(12));
        return new ReplyRule(reader.GetString(2), reader.GetString(3), matcher, response);
    }

    string? Decrypt(string? protectedSecret) => protectedSecret is null ? null : secrets.Unprotect(protectedSecret);

    static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

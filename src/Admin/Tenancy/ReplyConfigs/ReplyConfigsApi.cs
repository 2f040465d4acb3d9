using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.Validation;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace Admin.Tenancy.ReplyConfigs;

/// <summary>
/// Reply configurations are entities of a workspace that several channels share: a channel
/// points to one (by default its own, made when its configuration is first saved), so editing a
/// configuration changes the replies of every channel that uses it. A channel can be switched to
/// another configuration of its workspace, or split off onto a copy of its own.
/// </summary>
public static partial class ReplyConfigsApi
{
    const string Resource = "reply configuration";

    public static RouteGroupBuilder MapReplyConfigsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/channels/{channelId:guid}/reply-config", GetAsync);
        api.MapPut("/channels/{channelId:guid}/reply-config", PutAsync);
        api.MapPut("/channels/{channelId:guid}/reply-config/link", LinkAsync);
        api.MapPost("/channels/{channelId:guid}/reply-config/copy", CopyAsync);
        api.MapGet("/workspaces/{workspaceId:guid}/reply-configs", ListAsync);
        api.MapGet("/reply-configs/{configId:guid}", GetByIdAsync);
        api.MapPut("/reply-configs/{configId:guid}", PutByIdAsync);
        api.MapDelete("/reply-configs/{configId:guid}", DeleteAsync);
        return api;
    }

    /// <summary>
    /// Deletes a configuration no number answers with (If-Match: its version). One in use is
    /// refused with 409 naming the numbers: deleting it would leave them without replies.
    /// </summary>
    internal static async Task<IResult> DeleteAsync(Guid configId, TenancyDbContext db, TenancyChangeWriter changes, HttpRequest request, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var users = await db.Channels.AsNoTracking().Where(c => c.ReplyConfigId == configId).OrderBy(c => c.CreatedAt).Select(c => c.Name).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            var logger = loggers.CreateLogger(typeof(ReplyConfigsApi));
            LogDeleteInUse(logger, configId, users.Count);
            return TenancyProblems.Conflict(
                $"This reply configuration is in use by {string.Join(", ", users)}: switch {(users.Count == 1 ? "that number" : "those numbers")} to another configuration first, then delete it.");
        }
        return await VersionedDelete.DeleteAsync(db.ReplyConfigs, configId, Resource, TenancyEntity.ReplyConfig, changes, request, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused to delete reply configuration {ConfigId}: {Channels} channel(s) answer with it")]
    static partial void LogDeleteInUse(ILogger logger, Guid configId, int channels);

    /// <summary>The configuration the channel answers with, shared or its own.</summary>
    internal static async Task<IResult> GetAsync(Guid channelId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == channelId).Select(c => new { c.ReplyConfigId }).SingleOrDefaultAsync(cancellationToken);
        if (channel is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        if (channel.ReplyConfigId is not { } configId)
        {
            return TenancyProblems.NotFound($"The reply configuration of channel {channelId} (none was saved yet, so the channel does not auto-reply)");
        }
        return await GetByIdAsync(configId, db, response, cancellationToken);
    }

    internal static async Task<IResult> GetByIdAsync(Guid configId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var config = await db.ReplyConfigs.AsNoTracking().Include(c => c.Rules).SingleOrDefaultAsync(c => c.Id == configId, cancellationToken);
        if (config is null)
        {
            return TenancyProblems.NotFound($"Reply configuration {configId}");
        }
        Preconditions.SetETag(response, config.Version);
        return TypedResults.Ok(ToResponse(config, await UsersAsync(db, configId, cancellationToken)));
    }

    /// <summary>Every configuration of the workspace with the channels that use it, oldest first.</summary>
    internal static async Task<IResult> ListAsync(Guid workspaceId, TenancyDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken))
        {
            return TenancyProblems.NotFound($"Workspace {workspaceId}");
        }
        var configs = await db.ReplyConfigs.AsNoTracking().Include(c => c.Rules).Where(c => c.WorkspaceId == workspaceId)
            .OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var users = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && c.ReplyConfigId != null)
            .OrderBy(c => c.CreatedAt).Select(c => new { c.Id, ConfigId = c.ReplyConfigId!.Value }).ToListAsync(cancellationToken);
        return TypedResults.Ok(configs.Select(config => ToResponse(config, [.. users.Where(u => u.ConfigId == config.Id).Select(u => u.Id)])).ToList());
    }

    /// <summary>
    /// Saves the channel's configuration: creates one of its own when it has none (no If-Match),
    /// else replaces the one it uses (If-Match: its version), which every channel sharing it sees.
    /// </summary>
    internal static async Task<IResult> PutAsync(
        Guid channelId,
        ReplyConfigRequest? request,
        TenancyDbContext db,
        TenancyChangeWriter changes,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (UpdateChecks.Refusal(http.Request, request, ReplyConfigValidator.Validate, out var ifMatch, out var valid) is { } refusal)
        {
            return refusal;
        }
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        if (channel.ReplyConfigId is { } configId)
        {
            return await ReplaceAsync(configId, channelId, ifMatch, valid, db, changes, embeddings, http, cancellationToken);
        }
        if (ifMatch is { } sent)
        {
            return Preconditions.Stale(Resource, sent, null);
        }
        var config = new ReplyConfigRow { Id = Guid.CreateVersion7(), WorkspaceId = channel.WorkspaceId, Name = valid.Name ?? channel.Name, Version = 1 };
        await FillAsync(config, valid, embeddings, changes.Now, cancellationToken);
        db.ReplyConfigs.Add(config);
        channel.ReplyConfigId = config.Id;
        changes.Record(channel.WorkspaceId, TenancyEntity.ReplyConfig, config.Id.ToString(), channelId, config.Version);
        if (await changes.SaveAsync(Resource, ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, config.Version);
        return TypedResults.Created($"{TenancyApi.BasePath}/reply-configs/{config.Id}", ToResponse(config, [channelId]));
    }

    /// <summary>Replaces a configuration as a whole (If-Match: its version); every channel using it answers with the new rules.</summary>
    internal static Task<IResult> PutByIdAsync(
        Guid configId,
        ReplyConfigRequest? request,
        TenancyDbContext db,
        TenancyChangeWriter changes,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        HttpContext http,
        CancellationToken cancellationToken) =>
        UpdateChecks.Refusal(http.Request, request, ReplyConfigValidator.Validate, out var ifMatch, out var valid) is { } refusal
            ? Task.FromResult(refusal)
            : ReplaceAsync(configId, null, ifMatch, valid, db, changes, embeddings, http, cancellationToken);

    /// <summary>Points the channel at another configuration of its workspace; the one it used before stays, with its rules.</summary>
    internal static async Task<IResult> LinkAsync(
        Guid channelId, ReplyConfigLinkRequest? request, TenancyDbContext db, TenancyChangeWriter changes, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TenancyProblems.MissingBody();
        }
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        var errors = new ValidationErrors();
        if (!Guid.TryParse(request.ReplyConfigId, out var configId))
        {
            errors.Add("replyConfigId", "replyConfigId is required: the id of a reply configuration of the channel's workspace.");
        }
        else if (!await db.ReplyConfigs.AnyAsync(c => c.Id == configId && c.WorkspaceId == channel.WorkspaceId, cancellationToken))
        {
            // Another workspace's configuration is refused exactly as one that does not exist.
            errors.Add("replyConfigId", $"Reply configuration {configId} is not one of the channel's workspace.");
        }
        if (!errors.IsValid)
        {
            var logger = loggers.CreateLogger(typeof(ReplyConfigsApi));
            LogLinkRefused(logger, channelId);
            return TenancyProblems.Invalid(errors);
        }
        if (channel.ReplyConfigId == configId)
        {
            return TypedResults.NoContent();
        }
        channel.ReplyConfigId = configId;
        var version = await db.ReplyConfigs.Where(c => c.Id == configId).Select(c => c.Version).SingleAsync(cancellationToken);
        changes.Record(channel.WorkspaceId, TenancyEntity.ReplyConfig, configId.ToString(), channelId, version);
        return await changes.SaveAsync(Resource, null, cancellationToken) ?? TypedResults.NoContent();
    }

    /// <summary>Splits the channel off: a copy of the configuration it uses becomes its own, so editing it changes no other number.</summary>
    internal static async Task<IResult> CopyAsync(Guid channelId, TenancyDbContext db, TenancyChangeWriter changes, HttpResponse response, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }
        var source = channel.ReplyConfigId is { } sourceId
            ? await db.ReplyConfigs.AsNoTracking().Include(c => c.Rules).SingleOrDefaultAsync(c => c.Id == sourceId, cancellationToken)
            : null;
        if (source is null)
        {
            return TenancyProblems.NotFound($"The reply configuration of channel {channelId} (none was saved yet, so there is nothing to copy)");
        }
        var copy = new ReplyConfigRow
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = source.WorkspaceId,
            Name = channel.Name,
            Enabled = source.Enabled,
            WaitSeconds = source.WaitSeconds,
            Version = 1,
            UpdatedAt = changes.Now,
        };
        // The saved embeddings are the descriptions' own: a copy needs no new ones.
        copy.Rules.AddRange(source.Rules.OrderBy(r => r.Position).Select(rule => new ReplyRuleRow
        {
            Id = Guid.CreateVersion7(),
            ConfigId = copy.Id,
            Position = rule.Position,
            RuleId = rule.RuleId,
            Label = rule.Label,
            IsDefault = rule.IsDefault,
            MatcherKind = rule.MatcherKind,
            Keywords = rule.Keywords,
            KeywordMode = rule.KeywordMode,
            IntentDescription = rule.IntentDescription,
            Threshold = rule.Threshold,
            Embedding = rule.Embedding,
            EmbeddingModel = rule.EmbeddingModel,
            ResponseKind = rule.ResponseKind,
            ResponseText = rule.ResponseText,
        }));
        db.ReplyConfigs.Add(copy);
        channel.ReplyConfigId = copy.Id;
        changes.Record(channel.WorkspaceId, TenancyEntity.ReplyConfig, copy.Id.ToString(), channelId, copy.Version);
        if (await changes.SaveAsync(Resource, null, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(response, copy.Version);
        return TypedResults.Created($"{TenancyApi.BasePath}/reply-configs/{copy.Id}", ToResponse(copy, [channelId]));
    }

    static async Task<IResult> ReplaceAsync(
        Guid configId,
        Guid? channelId,
        long? ifMatch,
        ValidReplyConfig valid,
        TenancyDbContext db,
        TenancyChangeWriter changes,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var config = await db.ReplyConfigs.Include(c => c.Rules).SingleOrDefaultAsync(c => c.Id == configId, cancellationToken);
        if (config is null)
        {
            return TenancyProblems.NotFound($"Reply configuration {configId}");
        }
        if (Preconditions.CheckCurrent(ifMatch, config.Version, Resource) is { } precondition)
        {
            return precondition;
        }
        config.Version++;
        config.Rules.Clear();
        config.Name = valid.Name ?? config.Name;
        await FillAsync(config, valid, embeddings, changes.Now, cancellationToken);
        changes.Record(config.WorkspaceId, TenancyEntity.ReplyConfig, configId.ToString(), channelId, config.Version);
        if (await changes.SaveAsync(Resource, ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, config.Version);
        return TypedResults.Ok(ToResponse(config, await UsersAsync(db, configId, cancellationToken)));
    }

    static async Task FillAsync(ReplyConfigRow config, ValidReplyConfig valid, IEmbeddingGenerator<string, Embedding<float>> embeddings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        config.Enabled = valid.Enabled;
        config.WaitSeconds = valid.WaitSeconds;
        config.UpdatedAt = now;
        config.Rules.AddRange(await ToRowsAsync(config.Id, valid, embeddings, cancellationToken));
    }

    static async Task<List<Guid>> UsersAsync(TenancyDbContext db, Guid configId, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().Where(c => c.ReplyConfigId == configId).OrderBy(c => c.CreatedAt).Select(c => c.Id).ToListAsync(cancellationToken);

    static async Task<List<ReplyRuleRow>> ToRowsAsync(Guid configId, ValidReplyConfig valid, IEmbeddingGenerator<string, Embedding<float>> embeddings, CancellationToken cancellationToken)
    {
        var ordered = valid.Rules.Append(valid.DefaultRule).ToList();
        var semantic = ordered.Select(rule => rule.Matcher).OfType<ValidSemanticMatcher>().ToList();
        var vectors = semantic.Count == 0
            ? []
            : await embeddings.GenerateAsync(semantic.Select(matcher => matcher.Description), cancellationToken: cancellationToken);
        var modelId = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
        var nextVector = 0;

        var rows = new List<ReplyRuleRow>();
        for (var position = 0; position < ordered.Count; position++)
        {
            var rule = ordered[position];
            var row = new ReplyRuleRow
            {
                Id = Guid.CreateVersion7(),
                ConfigId = configId,
                Position = position,
                RuleId = rule.Id,
                Label = rule.Label,
                IsDefault = ReferenceEquals(rule, valid.DefaultRule),
                ResponseKind = rule.AiResponse ? "ai" : "canned",
                ResponseText = rule.ResponseText,
            };
            switch (rule.Matcher)
            {
                case ValidKeywordMatcher keyword:
                    row.MatcherKind = "keyword";
                    row.Keywords = [.. keyword.Keywords];
                    row.KeywordMode = TenancyCodes.ToCode(keyword.Mode);
                    break;
                case ValidSemanticMatcher matcher:
                    var embedding = vectors[nextVector++];
                    row.MatcherKind = "semantic";
                    row.IntentDescription = matcher.Description;
                    row.Threshold = matcher.Threshold;
                    row.Embedding = embedding.Vector.ToArray();
                    row.EmbeddingModel = embedding.ModelId ?? modelId ?? "unknown";
                    break;
            }
            rows.Add(row);
        }
        return rows;
    }

    static ReplyConfigResponse ToResponse(ReplyConfigRow config, IReadOnlyList<Guid> channelIds)
    {
        var defaultRule = config.Rules.Single(r => r.IsDefault);
        return new ReplyConfigResponse(
            config.Id.ToString(),
            config.Name,
            [.. channelIds.Select(id => id.ToString())],
            config.Enabled,
            config.WaitSeconds,
            [.. config.Rules.Where(r => !r.IsDefault).OrderBy(r => r.Position).Select(ToView)],
            ToView(defaultRule),
            config.Version,
            config.UpdatedAt);
    }

    static RuleView ToView(ReplyRuleRow row) => new(
        row.RuleId,
        row.Label,
        row.MatcherKind switch
        {
            "keyword" => new MatcherView("keyword", row.Keywords, row.KeywordMode, null, null, null),
            "semantic" => new MatcherView("semantic", null, null, row.IntentDescription, row.Threshold, row.EmbeddingModel),
            _ => null,
        },
        row.ResponseKind == "ai" ? new ResponseView("ai", null, row.ResponseText) : new ResponseView("canned", row.ResponseText, null));

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused to switch channel {ChannelId} to a reply configuration that is not one of its workspace")]
    static partial void LogLinkRefused(ILogger logger, Guid channelId);
}

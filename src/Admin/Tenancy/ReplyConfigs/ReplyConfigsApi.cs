using Admin.Tenancy.Api;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Messaging.Contracts.Events;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace Admin.Tenancy.ReplyConfigs;

public static class ReplyConfigsApi
{
    const string Resource = "reply configuration";

    public static RouteGroupBuilder MapReplyConfigsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/channels/{channelId:guid}/reply-config", GetAsync);
        api.MapPut("/channels/{channelId:guid}/reply-config", PutAsync);
        return api;
    }

    internal static async Task<IResult> GetAsync(Guid channelId, TenancyDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var config = await db.ReplyConfigs.AsNoTracking().Include(c => c.Rules).SingleOrDefaultAsync(c => c.ChannelId == channelId, cancellationToken);
        if (config is null)
        {
            return await db.Channels.AnyAsync(c => c.Id == channelId, cancellationToken)
                ? TenancyProblems.NotFound($"The reply configuration of channel {channelId} (none was saved yet, so the channel does not auto-reply)")
                : TenancyProblems.NotFound($"Channel {channelId}");
        }
        Preconditions.SetETag(response, config.Version);
        return TypedResults.Ok(ToResponse(config));
    }

    /// <summary>
    /// Creates the configuration (no If-Match) or replaces it as a whole (If-Match: its version),
    /// so two editors of one rule list can never both win. Semantic rules are embedded here, once.
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
        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == channelId).Select(c => new { c.WorkspaceId }).SingleOrDefaultAsync(cancellationToken);
        if (channel is null)
        {
            return TenancyProblems.NotFound($"Channel {channelId}");
        }

        var rules = await ToRowsAsync(channelId, valid, embeddings, cancellationToken);
        var config = await db.ReplyConfigs.Include(c => c.Rules).SingleOrDefaultAsync(c => c.ChannelId == channelId, cancellationToken);
        var created = config is null;
        if (config is null)
        {
            if (ifMatch is { } sent)
            {
                return Preconditions.Stale(Resource, sent, null);
            }
            config = new ReplyConfigRow { ChannelId = channelId, WorkspaceId = channel.WorkspaceId, Version = 1 };
            db.ReplyConfigs.Add(config);
        }
        else
        {
            if (Preconditions.CheckCurrent(ifMatch, config.Version, Resource) is { } precondition)
            {
                return precondition;
            }
            config.Version++;
            config.Rules.Clear();
        }
        config.Enabled = valid.Enabled;
        config.WaitSeconds = valid.WaitSeconds;
        config.UpdatedAt = changes.Now;
        config.Rules.AddRange(rules);
        changes.Record(channel.WorkspaceId, TenancyEntity.ReplyConfig, channelId.ToString(), channelId, config.Version);
        if (await changes.SaveAsync(Resource, ifMatch, cancellationToken) is { } problem)
        {
            return problem;
        }
        Preconditions.SetETag(http.Response, config.Version);
        return created
            ? TypedResults.Created($"{TenancyApi.BasePath}/channels/{channelId}/reply-config", ToResponse(config))
            : TypedResults.Ok(ToResponse(config));
    }

    static async Task<List<ReplyRuleRow>> ToRowsAsync(Guid channelId, ValidReplyConfig valid, IEmbeddingGenerator<string, Embedding<float>> embeddings, CancellationToken cancellationToken)
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
                ChannelId = channelId,
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

    static ReplyConfigResponse ToResponse(ReplyConfigRow config)
    {
        var defaultRule = config.Rules.Single(r => r.IsDefault);
        return new ReplyConfigResponse(
            config.ChannelId.ToString(),
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
}

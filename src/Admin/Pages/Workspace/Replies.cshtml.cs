using Messaging.Contracts.Operators;
using System.Text.RegularExpressions;
using Admin.Conversations;
using Admin.Tenancy;
using Admin.Tenancy.Data;
using Admin.Tenancy.Outbox;
using Admin.Tenancy.ReplyConfigs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace Admin.Pages.Workspace;

/// <summary>
/// The rules editor of the configuration a channel answers with: master switch, wait, ordered
/// rules (add, edit, reorder, delete), the default rule, and "try a message". A configuration may
/// be shared by several numbers: the page names them, switches this number to another
/// configuration, shares this one with every number, or splits this number off onto a copy.
/// Every change saves the whole configuration through the tenancy API's handler with the version
/// the page showed, so two editors never overwrite each other silently.
/// </summary>
public sealed partial class RepliesModel(
    TenancyDbContext db,
    TenancyChangeWriter changes,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    AgentClient agent,
    ILogger<RepliesModel> logger) : WorkspacePageModel
{
    public sealed record ChannelOption(Guid Id, string Name);

    /// <summary>Another configuration this number could answer with, and the numbers that use it.</summary>
    public sealed record ConfigOption(Guid Id, string Name, long Version, IReadOnlyList<string> UsedBy);

    public IReadOnlyList<ChannelOption> Channels { get; private set; } = [];
    public ReplyConfigResponse? Config { get; private set; }
    public IReadOnlyList<string> UsedBy { get; private set; } = [];
    public IReadOnlyList<ConfigOption> OtherConfigs { get; private set; } = [];
    public RuleTrialView? Trial { get; private set; }
    public string? TryUnavailable { get; private set; }

    [BindProperty(SupportsGet = true, Name = "channel")] public Guid ChannelId { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public int Index { get; set; }
    [BindProperty] public bool Enabled { get; set; }
    [BindProperty] public int WaitSeconds { get; set; }
    [BindProperty] public string? Label { get; set; }
    [BindProperty] public string? MatcherType { get; set; }
    [BindProperty] public string? Keywords { get; set; }
    [BindProperty] public string? KeywordMode { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public double? Threshold { get; set; }
    [BindProperty] public string? ResponseType { get; set; }
    [BindProperty] public string? ResponseText { get; set; }
    [BindProperty] public string? TryText { get; set; }
    [BindProperty] public Guid ReplyConfigId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken) =>
        SaveAsync(null, _ => new ReplyConfigRequest(true, 3, [], new RuleRequest("default", "Default answer", null, Reply())), "Saved: this number now answers.", cancellationToken);

    public Task<IActionResult> OnPostSettingsAsync(CancellationToken cancellationToken) =>
        SaveAsync(Version, current => current with { Enabled = Enabled, WaitSeconds = WaitSeconds }, "Settings saved.", cancellationToken);

    public Task<IActionResult> OnPostAddRuleAsync(CancellationToken cancellationToken) =>
        SaveAsync(Version, current => current with { Rules = [.. current.Rules!, Rule(NewId(current))] }, "Rule added.", cancellationToken);

    public Task<IActionResult> OnPostSaveRuleAsync(CancellationToken cancellationToken) =>
        SaveAsync(Version, current => current with { Rules = Replace(current.Rules!, Index, r => Rule(r!.Id!)) }, "Rule saved.", cancellationToken);

    public Task<IActionResult> OnPostSaveDefaultAsync(CancellationToken cancellationToken) =>
        SaveAsync(Version, current => current with { DefaultRule = current.DefaultRule! with { Label = Label, Response = Reply() } }, "Default rule saved.", cancellationToken);

    public Task<IActionResult> OnPostMoveUpAsync(CancellationToken cancellationToken) =>
        SaveAsync(Version, current => current with { Rules = Swap(current.Rules!, Index, Index - 1) }, "Rule moved up.", cancellationToken);

    public Task<IActionResult> OnPostMoveDownAsync(CancellationToken cancellationToken) =>
        SaveAsync(Version, current => current with { Rules = Swap(current.Rules!, Index, Index + 1) }, "Rule moved down.", cancellationToken);

    public Task<IActionResult> OnPostDeleteRuleAsync(CancellationToken cancellationToken) =>
        SaveAsync(Version, current => current with { Rules = current.Rules!.Where((_, i) => i != Index).ToList() }, "Rule deleted.", cancellationToken);

    public async Task<IActionResult> OnPostTryAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        if (string.IsNullOrWhiteSpace(TryText) || TryText.Length > 4096)
        {
            ModelState.AddModelError(nameof(TryText), "Write a message to try (up to 4096 characters).");
            return Page();
        }
        try
        {
            Trial = await agent.TryRulesAsync(ChannelId, TryText, cancellationToken);
            TryUnavailable = Trial is null ? "The agent has not loaded this configuration yet; try again in a moment." : null;
        }
        catch (HttpRequestException e)
        {
            LogAgentUnavailable(logger, e.Message);
            TryUnavailable = "The agent cannot be reached right now, so the message cannot be tried.";
        }
        return Page();
    }

    /// <summary>Every number of the workspace answers with this configuration from now on; the ones they used stay, unused.</summary>
    public async Task<IActionResult> OnPostShareAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || !await LoadAsync(cancellationToken) || Config is null)
        {
            return NotFound();
        }
        var configId = Guid.Parse(Config.Id);
        foreach (var other in Channels.Where(c => c.Id != ChannelId))
        {
            if (!await LinkAsync(other.Id, configId, cancellationToken))
            {
                return Page();
            }
        }
        return Done($"Every number of {Workspace.Name} now answers with \u201c{Config.Name}\u201d: a change to it changes them all.", $"replies?channel={ChannelId}");
    }

    /// <summary>This number answers with another configuration of the workspace.</summary>
    public async Task<IActionResult> OnPostSwitchAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || !await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        if (OtherConfigs.FirstOrDefault(c => c.Id == ReplyConfigId) is not { } target)
        {
            LogRefused(logger, 1);
            ModelState.AddModelError(nameof(ReplyConfigId), "Choose one of the configurations of this workspace.");
            return Page();
        }
        return await LinkAsync(ChannelId, target.Id, cancellationToken)
            ? Done($"This number now answers with \u201c{target.Name}\u201d.", $"replies?channel={ChannelId}")
            : Page();
    }

    /// <summary>This number gets a copy of the configuration as its own: changes to either no longer reach the other.</summary>
    public async Task<IActionResult> OnPostSplitAsync(CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || !await LoadAsync(cancellationToken) || Config is null)
        {
            return NotFound();
        }
        db.ChangeTracker.Clear();
        if (await TenancyCommand.RunAsync<ReplyConfigResponse>(HttpContext, null,
                () => ReplyConfigsApi.CopyAsync(ChannelId, db, changes, Response, cancellationToken), ModelState) is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done("This number now has its own copy of the configuration: changes to it reach no other number.", $"replies?channel={ChannelId}");
    }

    /// <summary>Deletes a configuration of the workspace that no number answers with; one in use is refused (409) with the numbers that use it.</summary>
    public async Task<IActionResult> OnPostDeleteConfigAsync(CancellationToken cancellationToken)
    {
        // Another workspace's configuration is as unknown here as one that does not exist.
        if (!Workspace.IsOwner || !await LoadAsync(cancellationToken)
            || !await db.ReplyConfigs.AsNoTracking().AnyAsync(c => c.Id == ReplyConfigId && c.WorkspaceId == Workspace.WorkspaceId, cancellationToken))
        {
            return NotFound();
        }
        db.ChangeTracker.Clear();
        var loggers = HttpContext.RequestServices.GetRequiredService<ILoggerFactory>();
        if (!await TenancyCommand.RunAsync(HttpContext, Version,
                () => ReplyConfigsApi.DeleteAsync(ReplyConfigId, db, changes, Request, loggers, cancellationToken), ModelState))
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return Done("The unused configuration was deleted.", $"replies?channel={ChannelId}");
    }

    async Task<bool> LinkAsync(Guid channelId, Guid configId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var loggers = HttpContext.RequestServices.GetRequiredService<ILoggerFactory>();
        if (await TenancyCommand.RunAsync(HttpContext, null,
                () => ReplyConfigsApi.LinkAsync(channelId, new ReplyConfigLinkRequest(configId.ToString()), db, changes, loggers, cancellationToken), ModelState))
        {
            return true;
        }
        LogRefused(logger, ModelState.ErrorCount);
        await LoadAsync(cancellationToken);
        return false;
    }

    async Task<IActionResult> SaveAsync(long? version, Func<ReplyConfigRequest, ReplyConfigRequest> change, string done, CancellationToken cancellationToken)
    {
        if (!Workspace.IsOwner || !await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        if (version is not null && Config is null)
        {
            return NotFound();
        }
        ReplyConfigRequest request;
        try
        {
            request = change(Config is null ? new ReplyConfigRequest(true, 3, [], null) : ToRequest(Config));
        }
        catch (ArgumentOutOfRangeException)
        {
            LogRefused(logger, 1);
            return NotFound();
        }
        db.ChangeTracker.Clear();
        var saved = await TenancyCommand.RunAsync<ReplyConfigResponse>(HttpContext, version,
            () => ReplyConfigsApi.PutAsync(ChannelId, request, db, changes, embeddings, HttpContext, cancellationToken), ModelState);
        if (saved is null)
        {
            LogRefused(logger, ModelState.ErrorCount);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Done(done, $"replies?channel={ChannelId}");
    }

    async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Channels = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == Workspace.WorkspaceId).OrderBy(c => c.CreatedAt)
            .Select(c => new ChannelOption(c.Id, c.Name)).ToListAsync(cancellationToken);
        if (Channels.Count == 0)
        {
            return true;
        }
        if (ChannelId == Guid.Empty)
        {
            ChannelId = Channels[0].Id;
        }
        if (Channels.All(c => c.Id != ChannelId))
        {
            return false;
        }
        var result = await ReplyConfigsApi.GetAsync(ChannelId, db, Response, cancellationToken);
        Config = result is Microsoft.AspNetCore.Http.HttpResults.Ok<ReplyConfigResponse> ok ? ok.Value : null;
        var names = Channels.ToDictionary(c => c.Id.ToString(), c => c.Name);
        UsedBy = Config is null ? [] : [.. Config.ChannelIds.Select(id => names.GetValueOrDefault(id, id))];
        var users = await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == Workspace.WorkspaceId && c.ReplyConfigId != null)
            .OrderBy(c => c.CreatedAt).Select(c => new { c.Name, ConfigId = c.ReplyConfigId!.Value }).ToListAsync(cancellationToken);
        var current = Config is null ? Guid.Empty : Guid.Parse(Config.Id);
        var others = await db.ReplyConfigs.AsNoTracking().Where(c => c.WorkspaceId == Workspace.WorkspaceId && c.Id != current)
            .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.Version }).ToListAsync(cancellationToken);
        OtherConfigs = [.. others.Select(c => new ConfigOption(c.Id, c.Name, c.Version, [.. users.Where(u => u.ConfigId == c.Id).Select(u => u.Name)]))];
        return true;
    }

    RuleRequest Rule(string id) => new(id, Label, MatcherType == "semantic"
        ? new MatcherRequest("semantic", null, null, Description, Threshold)
        : new MatcherRequest("keyword", (Keywords ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), KeywordMode, null, null), Reply());

    ResponseRequest Reply() => ResponseType == "ai" ? new ResponseRequest("ai", null, ResponseText) : new ResponseRequest("canned", ResponseText, null);

    string NewId(ReplyConfigRequest current)
    {
        var stem = RuleIdCharacters().Replace((Label ?? "rule").ToLowerInvariant(), "-").Trim('-');
        stem = stem.Length == 0 ? "rule" : stem[..Math.Min(stem.Length, 40)];
        var taken = current.Rules!.Select(r => r!.Id).Append(current.DefaultRule?.Id).ToHashSet();
        var id = stem;
        for (var n = 2; taken.Contains(id); n++)
        {
            id = $"{stem}-{n}";
        }
        return id;
    }

    static List<RuleRequest?> Replace(IReadOnlyList<RuleRequest?> rules, int index, Func<RuleRequest?, RuleRequest> change)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, rules.Count);
        return rules.Select((r, i) => i == index ? change(r) : r).ToList();
    }

    static List<RuleRequest?> Swap(IReadOnlyList<RuleRequest?> rules, int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Math.Min(from, to));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Math.Max(from, to), rules.Count);
        var list = rules.ToList();
        (list[from], list[to]) = (list[to], list[from]);
        return list;
    }

    static ReplyConfigRequest ToRequest(ReplyConfigResponse config) =>
        new(config.Enabled, config.WaitSeconds, config.Rules.Select(r => (RuleRequest?)ToRequest(r)).ToList(), ToRequest(config.DefaultRule));

    static RuleRequest ToRequest(RuleView rule) => new(rule.Id, rule.Label,
        rule.Matcher is { } m ? new MatcherRequest(m.Type, m.Keywords?.Select(k => (string?)k).ToList(), m.Mode, m.Description, m.Threshold) : null,
        new ResponseRequest(rule.Response.Type, rule.Response.Text, rule.Response.Prompt));

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex RuleIdCharacters();

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply configuration change refused: {Errors} problem(s)")]
    static partial void LogRefused(ILogger logger, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Try a message: the Agent is unavailable: {Reason}")]
    static partial void LogAgentUnavailable(ILogger logger, string reason);
}

using System.Collections.Concurrent;
using Agent.Ai;
using Agent.Ai.Generation;
using Agent.Ai.Tools;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Tests.Ai;

/// <summary>A demo-like workspace (a hair salon), service providers for the AI part, and test doubles.</summary>
public static class AiTestKit
{
    public const string PersonaPrompt = "You are Mia, the friendly assistant of Studio Aurora, a hair salon. Be warm and brief.";

    public static IReadOnlyList<KnowledgeEntry> DemoKnowledge { get; } =
    [
        new("k-hours", "Opening hours",
            "We are open Monday to Friday from 09:00 to 18:00 and on Saturday from 10:00 to 14:00. We are closed on Sundays and public holidays.",
            ["hours", "open"]),
        new("k-location", "Location and parking",
            "You'll find Studio Aurora at Rua das Flores 12, Lisbon, two minutes from Baixa-Chiado metro station. There is a public car park on Rua do Crucifixo, and street parking is limited.",
            ["address", "directions"]),
        new("k-prices", "Prices",
            "A women's cut and blow-dry costs €45 and a men's cut costs €25. Colour starts at €60 and highlights at €85. Children under 12 pay €18. We accept cards, MB Way and cash.",
            ["price list"]),
        new("k-booking", "Booking an appointment",
            "You can book an appointment online at studioaurora.example/book or by replying here with the service and the day you'd like. We confirm every booking within a few hours. Please give us 24 hours' notice if you need to cancel.",
            ["appointments", "reservations"]),
        new("k-products", "Products we use",
            "We use vegan, cruelty-free products from Davines and Olaplex treatments for damaged hair. Our products are also for sale at the reception.",
            ["brands"]),
    ];

    public static IReadOnlyList<BusinessHoursRange> DemoHours { get; } =
    [
        .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new BusinessHoursRange(day, new TimeOnly(9, 0), new TimeOnly(18, 0))),
        new BusinessHoursRange(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(14, 0)),
    ];

    public static TenantWorkspace Workspace(
        AiSettings? ai = null,
        IReadOnlyList<BusinessHoursRange>? hours = null,
        string timeZone = "Europe/Lisbon",
        PersonaSafety safety = PersonaSafety.Approved,
        IReadOnlyList<KnowledgeEntry>? knowledge = null) => new(
        "ws-" + Guid.NewGuid().ToString("N")[..8],
        "Studio Aurora",
        "studio-aurora",
        timeZone,
        hours ?? DemoHours,
        new RetentionPolicy(RetentionMode.Full, 30),
        null,
        new WorkspacePersona(PersonaPrompt, safety, null, 1),
        knowledge ?? DemoKnowledge,
        [],
        ai ?? AiSettings.Offline,
        [],
        new Dictionary<string, ReplyConfiguration>(),
        1);

    public static AiSettings OpenAi(ScriptedOpenAiServer server, string? embeddingModel = null, string apiKey = "test-key") =>
        new(AiMode.OpenAi, server.BaseUri, ScriptedOpenAiServer.DefaultModel, embeddingModel, apiKey);

    /// <summary>The AI part's services as AddAgentAi registers them, with the given "Ai" settings and clock.</summary>
    public static ServiceProvider Services(TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            // The scripted AI servers run on loopback: the test deployment allows them, as an operator would.
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tenancy:TenantUrls:AllowHttp"] = "true", ["Tenancy:TenantUrls:AllowedHosts:0"] = "127.0.0.1" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddAgentAi(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static GenerationRequest Request(
        TenantWorkspace workspace,
        string message,
        IConversationActions actions,
        string senderName = "Ana Silva",
        string? rulePrompt = null,
        IReadOnlyList<HistoryMessage>? history = null) =>
        new(workspace, rulePrompt, history ?? [], senderName, message, actions);

    /// <summary>Monday 2025-03-10 at the given UTC time (Lisbon is on UTC in March before the 30th).</summary>
    public static DateTimeOffset MondayUtc(int hour, int minute = 0) => new(2025, 3, 10, hour, minute, 0, TimeSpan.Zero);
}

/// <summary>Records what the tools asked the conversation to do.</summary>
public sealed class RecordingActions : IConversationActions
{
    readonly ConcurrentQueue<LeadDetails> _leads = new();
    readonly ConcurrentQueue<string> _handOffs = new();

    public Exception? FailWith { get; init; }

    public IReadOnlyList<LeadDetails> Leads => [.. _leads];

    public IReadOnlyList<string> HumanRequests => [.. _handOffs];

    public Task<bool> CaptureLeadAsync(LeadDetails lead, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }
        var created = !_leads.Any(saved => saved.Email == lead.Email && saved.Interest == lead.Interest);
        _leads.Enqueue(lead);
        return Task.FromResult(created);
    }

    public Task RequestHumanAsync(string reason, CancellationToken cancellationToken)
    {
        _handOffs.Enqueue(reason);
        return Task.CompletedTask;
    }
}

/// <summary>A clock stopped at a chosen instant.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

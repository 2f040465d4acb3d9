using System.ComponentModel.DataAnnotations;

namespace Agent.Ai;

/// <summary>
/// The "Ai" configuration section: limits of the tool loop and the deployment's default
/// OpenAI-compatible provider. A workspace's own AI settings win over these; with neither, the
/// offline responder answers (see <see cref="Providers.AiClientFactory"/>).
/// </summary>
public sealed class AiOptions
{
    public const string SectionName = "Ai";

    /// <summary>How many times the model may ask for tools before it must answer.</summary>
    [Range(1, 10)]
    public int MaxToolRounds { get; set; } = 4;

    /// <summary>Estimated tokens (about 4 characters each) of history and current message sent to the model.</summary>
    [Range(200, 100_000)]
    public int HistoryTokenBudget { get; set; } = 3_000;

    /// <summary>Upper bound for one reply's model calls and tool rounds, and for one embeddings call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound for the reply's length, in tokens.</summary>
    [Range(16, 16_384)]
    public int MaxOutputTokens { get; set; } = 600;

    /// <summary>Default OpenAI-compatible base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.</summary>
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string? ChatModel { get; set; }

    /// <summary>Embedding model of the default endpoint; without it knowledge search uses the offline embedding.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Sent instead of an AI reply to a message the prompt-injection scanner flagged.</summary>
    [Required, StringLength(1_000, MinimumLength = 1)]
    public string FlaggedMessageReply { get; set; } =
        "Sorry, I can't help with that. I'm happy to answer questions about our services, or to connect you with someone from our team.";
}

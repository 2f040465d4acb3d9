namespace Messaging.Tenancy.Model;

/// <summary>How a keyword rule compares its keywords with the message text.</summary>
public enum KeywordMode
{
    WholeWord,
    Substring,
}

/// <summary>Full keeps message bodies; metadata keeps only who/when/what kind.</summary>
public enum RetentionMode
{
    Full,
    Metadata,
}

/// <summary>The persona classifier's verdict; AI replies go out only while approved.</summary>
public enum PersonaSafety
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>What the pipeline last learned about a channel's credentials and provider.</summary>
public enum ChannelHealth
{
    Unknown,
    Healthy,
    Failing,
    Disabled,
}

public enum TemplateCategory
{
    Marketing,
    Utility,
    Authentication,
}

public enum TemplateStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>Offline: the embedded local responder and embeddings; open_ai: any OpenAI-compatible endpoint.</summary>
public enum AiMode
{
    Offline,
    OpenAi,
}

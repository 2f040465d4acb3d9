namespace Agent.Ai.Providers;

/// <summary>
/// One OpenAI-compatible provider: the base URL (ending in the API version, e.g. /v1), the key
/// (null for local servers such as Ollama) and the models. Clients are cached per value.
/// <see cref="TenantSupplied"/> when a workspace gave the endpoint, which then may reach only
/// what the tenant URL policy allows; the deployment's own endpoint may be anywhere.
/// </summary>
public sealed record AiProvider(Uri Endpoint, string? ApiKey, string ChatModel, string? EmbeddingModel, bool TenantSupplied = false)
{
    /// <summary>The provider's base URL as the OpenAI SDK expects it: a bare host gets "/v1".</summary>
    public Uri ApiBase
    {
        get
        {
            var text = Endpoint.AbsoluteUri.TrimEnd('/');
            return Endpoint.AbsolutePath is "" or "/" ? new Uri(text + "/v1/") : new Uri(text + "/");
        }
    }

    public override string ToString() => $"{ApiBase} ({ChatModel})";
}

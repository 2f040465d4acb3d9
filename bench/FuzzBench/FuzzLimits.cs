namespace FuzzBench;

/// <summary>The product's body limit on the webhook routes: the gateway's <c>Gateway:MaxRequestBodyBytes</c> and Ingest's <c>Ingest:MaxBodyBytes</c> (both their default).</summary>
public static class FuzzLimits
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;
}

namespace Deploy.Tests.Infrastructure;

/// <summary>Which settings hold secrets: a deployment file may name them, never hold their values.</summary>
public static class SecretSettings
{
    static readonly string[] SecretWords = ["password", "secret", "token", "apikey", "credential", "masterkey"];

    public static bool IsSecret(string setting) =>
        setting.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
        || setting.StartsWith("ServiceAuth__Callers__", StringComparison.Ordinal)
        || SecretWords.Any(word => setting.Replace("_", "", StringComparison.Ordinal).Contains(word, StringComparison.OrdinalIgnoreCase));
}

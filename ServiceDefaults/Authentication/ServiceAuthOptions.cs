namespace Messaging.ServiceDefaults.Authentication;

/// <summary>
/// How services prove to each other who is calling (<c>ServiceAuth</c>). Each service has a
/// credential of its own and sends it to the services listed in <see cref="Targets"/>; a service
/// accepts a caller whose credential hashes to one of the SHA-256 values listed for it, so the
/// deployment holds every caller's credential once and each service only hashes of the others.
/// Rotation: list the new hash beside the old one, give the caller the new credential, then drop the old hash.
/// </summary>
public sealed class ServiceAuthOptions
{
    public const string SectionName = "ServiceAuth";

    /// <summary>This service's name, as its callees know it (<c>agent</c>).</summary>
    public string? Name { get; set; }

    /// <summary>This service's own credential; sent, never logged.</summary>
    public string? Credential { get; set; }

    /// <summary>Logical hosts (<c>billing</c>, <c>admin</c>) whose internal APIs get the credential; no other host ever sees it.</summary>
    public List<string> Targets { get; set; } = [];

    /// <summary>Per caller name, the base64 SHA-256 hashes of the credentials it may present.</summary>
    public Dictionary<string, List<string>> Callers { get; set; } = new(StringComparer.Ordinal);

    public override string ToString() => $"ServiceAuth {{ Name = {Name}, Credential = {(string.IsNullOrEmpty(Credential) ? "(none)" : "(redacted)")}, Targets = [{string.Join(", ", Targets)}], Callers = [{string.Join(", ", Callers.Keys)}] }}";
}

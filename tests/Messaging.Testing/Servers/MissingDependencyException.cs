namespace Messaging.Testing.Servers;

/// <summary>A server binary the orchestrator needs is not installed; the message says which Debian package provides it.</summary>
public sealed class MissingDependencyException(string binary, string debianPackage)
    : Exception($"'{binary}' was not found. Install it with: {(Environment.UserName == "root" ? "" : "sudo ")}apt-get install -y {debianPackage}")
{
    public string Binary { get; } = binary;
    public string DebianPackage { get; } = debianPackage;
}

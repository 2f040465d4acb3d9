using YamlDotNet.RepresentationModel;

namespace Deploy.Tests.Infrastructure;

/// <summary>deploy/compose/compose.yaml, read as compose reads it (anchors, merge keys, short and long secret syntax).</summary>
public sealed class ComposeFile
{
    public const string RelativePath = "deploy/compose/compose.yaml";

    readonly YamlMappingNode _root;

    ComposeFile(YamlMappingNode root) => _root = root;

    public static ComposeFile Load() => Parse(Repository.Read(RelativePath));

    public static ComposeFile Parse(string text) => new(Yaml.Documents(text).Single());

    public IReadOnlySet<string> Volumes => _root.Child("volumes").Entries().Keys.ToHashSet(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, YamlNode> Services => _root.Child("services").Entries();

    public YamlNode Service(string name) =>
        Services.TryGetValue(name, out var service) ? service : throw new Xunit.Sdk.XunitException($"compose.yaml has no service '{name}'.");

    /// <summary>Top-level secrets: name to the file compose reads it from.</summary>
    public IReadOnlyDictionary<string, string?> Secrets => _root.Child("secrets").Entries().ToDictionary(e => e.Key, e => e.Value.Child("file").Text(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Service(service).Child("environment").Entries().ToDictionary(e => e.Key, e => e.Value.Text() ?? "", StringComparer.Ordinal);

    /// <summary>The secrets a service mounts: the secret's name and the file name under /run/secrets (its target).</summary>
    public IReadOnlyList<(string Source, string Target)> SecretMounts(string service) =>
        [.. Service(service).Child("secrets").Items().Select(item => item is YamlScalarNode name
            ? (name.Value!, name.Value!)
            : (item.Child("source").Text()!, item.Child("target").Text() ?? item.Child("source").Text()!))];

    /// <summary>What the service is given as settings: its environment and, through the entrypoint, its secret files.</summary>
    public IReadOnlySet<string> Settings(string service) =>
        Environment(service).Keys.Concat(SecretMounts(service).Select(m => m.Target)).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string?> DependsOn(string service) =>
        Service(service).Child("depends_on").Entries().ToDictionary(e => e.Key, e => e.Value.Child("condition").Text(), StringComparer.Ordinal);

    public IReadOnlyList<string> Ports(string service) => [.. Service(service).Child("ports").Items().Select(port => port.Text() ?? "")];
}

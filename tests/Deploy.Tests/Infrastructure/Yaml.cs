using YamlDotNet.RepresentationModel;

namespace Deploy.Tests.Infrastructure;

/// <summary>Reading YAML documents as their nodes, with the merge key (<c>&lt;&lt;: *anchor</c>) compose files use.</summary>
public static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlNode? Path(this YamlNode? node, params string[] keys) => keys.Aggregate(node, (current, key) => current.Child(key));

    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>A mapping's entries as text, with merged mappings first and the mapping's own entries over them.</summary>
    public static IReadOnlyDictionary<string, YamlNode> Entries(this YamlNode? node)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            return entries;
        }
        foreach (var (key, value) in mapping.Children.Where(child => child.Key.Text() == "<<"))
        {
            foreach (var merged in value is YamlSequenceNode list ? list.Children : [value])
            {
                foreach (var (name, inner) in merged.Entries())
                {
                    entries[name] = inner;
                }
            }
        }
        foreach (var (key, value) in mapping.Children.Where(child => child.Key.Text() != "<<"))
        {
            entries[key.Text()!] = value;
        }
        return entries;
    }
}

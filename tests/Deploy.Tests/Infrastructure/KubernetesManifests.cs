using YamlDotNet.RepresentationModel;

namespace Deploy.Tests.Infrastructure;

/// <summary>Every object of deploy/kubernetes, as <c>kubectl apply -k</c> would send them.</summary>
public sealed class KubernetesManifests
{
    public const string Folder = "deploy/kubernetes";

    KubernetesManifests(IReadOnlyList<YamlMappingNode> objects) => Objects = objects;

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static KubernetesManifests Load()
    {
        var kustomization = Yaml.Documents(Repository.Read(Folder + "/kustomization.yaml")).Single();
        var files = kustomization.Child("resources").Items().Select(item => item.Text()!).ToList();
        return new([.. files.SelectMany(file => Yaml.Documents(Repository.Read($"{Folder}/{file}")))]);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => o.Child("kind").Text() == kind);

    public static string Name(YamlNode manifest) => manifest.Path("metadata", "name").Text()!;

    /// <summary>A service's Deployment or StatefulSet.</summary>
    public YamlMappingNode? Workload(string name) =>
        Objects.SingleOrDefault(o => o.Child("kind").Text() is "Deployment" or "StatefulSet" && Name(o) == name);

    public static YamlNode PodSpec(YamlNode workload) => workload.Path("spec", "template", "spec")!;

    public static IEnumerable<YamlNode> Containers(YamlNode workload) => PodSpec(workload).Child("containers").Items();

    public static IEnumerable<YamlNode> InitContainers(YamlNode workload) => PodSpec(workload).Child("initContainers").Items();

    /// <summary>The service's own container: the one named after it.</summary>
    public static YamlNode MainContainer(YamlNode workload) => Containers(workload).Single(c => c.Child("name").Text() == Name(workload));

    public IReadOnlyDictionary<string, string> ConfigMapData(string name) =>
        OfKind("ConfigMap").Single(c => Name(c) == name).Child("data").Entries().ToDictionary(e => e.Key, e => e.Value.Text() ?? "", StringComparer.Ordinal);

    /// <summary>Every environment variable the container gets, by name: its own entries and those of the ConfigMaps it takes whole.</summary>
    public IReadOnlyDictionary<string, YamlNode> Environment(YamlNode container)
    {
        var environment = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var source in container.Child("envFrom").Items())
        {
            if (source.Path("configMapRef", "name").Text() is { } configMap)
            {
                foreach (var (key, value) in ConfigMapData(configMap))
                {
                    environment[key] = new YamlScalarNode(value);
                }
            }
        }
        foreach (var entry in container.Child("env").Items())
        {
            environment[entry.Child("name").Text()!] = entry;
        }
        return environment;
    }
}

using System.Text.Json;
using Messaging.AppHost.Demo;

namespace EndToEnd.Tests.Agent;

/// <summary>
/// bench/Eval measures the agent on the three demo businesses as the demo seeds them: its copy of
/// their hours, rules and knowledge must be the seed's, or the accuracy it records would be of
/// businesses nobody runs.
/// </summary>
public sealed class EvaluationSetSeedTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Businesses() => [.. DemoBusiness.All.Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(Businesses))]
    public void The_evaluation_sets_copy_of_a_demo_business_is_the_seeds(string name)
    {
        var seed = DemoBusiness.All.Single(b => b.Name == name);
        var copy = EvaluationBusinesses().EnumerateArray().SingleOrDefault(b => b.GetProperty("name").GetString() == name);
        Assert.True(copy.ValueKind == JsonValueKind.Object, $"bench/Eval/evaluation-set.json has no business named {name}");

        Assert.Equal(seed.TimeZone, copy.GetProperty("timeZone").GetString());
        Assert.Equal(
            JsonSerializer.SerializeToElement(seed.BusinessHours, Web).EnumerateArray().Select(Hours),
            copy.GetProperty("hours").EnumerateArray().Select(Hours));
        Assert.Equal(
            seed.Knowledge.Select(k => (k.Title, k.Content, string.Join('|', k.Tags))),
            copy.GetProperty("knowledge").EnumerateArray().Select(k => (
                k.GetProperty("title").GetString()!, k.GetProperty("content").GetString()!,
                string.Join('|', k.GetProperty("tags").EnumerateArray().Select(t => t.GetString())))));

        var seededRules = JsonSerializer.SerializeToElement(seed.ReplyConfig, Web).GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("matcher"));
        var copiedRules = copy.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(seededRules.Keys.Order(), copiedRules.Select(r => r.GetProperty("id").GetString()!).Order());
        foreach (var rule in copiedRules)
        {
            var matcher = seededRules[rule.GetProperty("id").GetString()!];
            if (rule.TryGetProperty("keywords", out var keywords))
            {
                Assert.Equal(Strings(matcher.GetProperty("keywords")), Strings(keywords));
                Assert.Equal(matcher.GetProperty("mode").GetString(), rule.TryGetProperty("mode", out var mode) ? mode.GetString() : "whole_word");
            }
            else
            {
                Assert.Equal(matcher.GetProperty("description").GetString(), rule.GetProperty("description").GetString());
                Assert.Equal(matcher.GetProperty("threshold").GetDouble(), rule.GetProperty("threshold").GetDouble());
            }
        }
    }

    static JsonElement EvaluationBusinesses()
    {
        // The AppHost's project path is its folder, at the repository root.
        var path = Path.GetFullPath(Path.Combine(Projects.AppHost.ProjectPath, "..", "bench", "Eval", "evaluation-set.json"));
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("businesses").Clone();
    }

    static string Hours(JsonElement day) =>
        $"{day.GetProperty("day").GetString()!.ToLowerInvariant()} {day.GetProperty("open").GetString()}-{day.GetProperty("close").GetString()}";

    static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}

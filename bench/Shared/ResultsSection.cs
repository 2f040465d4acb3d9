namespace Bench;

/// <summary>Replaces one benchmark's section of bench/RESULTS.md (from its heading to the next), leaving the others alone.</summary>
public static class ResultsSection
{
    public static void Replace(string path, string heading, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmark results\n";
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            text = text.TrimEnd() + "\n\n" + section.TrimEnd() + "\n";
        }
        else
        {
            var next = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            var rest = next < 0 ? "" : text[(next + 1)..];
            text = text[..start] + section.TrimEnd() + "\n" + (rest.Length > 0 ? "\n" + rest : "");
        }
        File.WriteAllText(path, text);
    }
}

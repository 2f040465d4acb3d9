using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConsoleTests;

/// <summary>
/// axe-core's WCAG 2.2 A and AA rules (labels, names, contrast, landmarks, keyboard reachability
/// it can see) against a page as it stands, each violation as a line that says where.
/// </summary>
public static class AccessibilityCheck
{
    static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        ResultTypes = [ResultType.Violations],
    };

    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string name)
    {
        var result = await page.RunAxe(Wcag);
        return [.. result.Violations.SelectMany(v => v.Nodes.Select(n => $"{name}: {v.Id} ({v.Impact}): {v.Help} at {n.Target} {n.Html}"))];
    }

    /// <summary>Fails with every violation of the page, each on a line of its own.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string name) => Assert(await ViolationsAsync(page, name));

    public static void Assert(IReadOnlyList<string> violations) =>
        Xunit.Assert.True(violations.Count == 0, "WCAG 2.2 A/AA violations:\n" + string.Join('\n', violations));
}

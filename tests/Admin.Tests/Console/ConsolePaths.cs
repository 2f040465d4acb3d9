namespace Admin.Tests.Console;

/// <summary>Every page address of a workspace in the console, for the tests that walk them all.</summary>
public static class ConsolePaths
{
    public static IReadOnlyList<string> Of(string slug, string? conversationId = null)
    {
        var root = $"/admin/w/{slug}";
        conversationId ??= Guid.NewGuid().ToString();
        return
        [
            root,
            root + "/conversations",
            root + "/conversations/" + conversationId,
            root + "/channels",
            root + "/replies",
            root + "/persona",
            root + "/templates",
            root + "/billing",
            root + "/problems",
            root + "/members",
            root + "/settings",
            root + "/live",
        ];
    }
}

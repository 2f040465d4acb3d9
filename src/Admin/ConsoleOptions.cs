namespace Admin;

/// <summary>Console settings (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Where the menu links to the Sandbox's phone simulator; empty (the default) hides it, as in production.</summary>
    public string? SimulatorPath { get; set; }

    /// <summary>The Agent's base address; service discovery resolves the name.</summary>
    public Uri AgentUrl { get; set; } = new("http://agent");

    /// <summary>Billing's base address; service discovery resolves the name.</summary>
    public Uri BillingUrl { get; set; } = new("http://billing");
}

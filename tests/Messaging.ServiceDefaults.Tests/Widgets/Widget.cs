namespace Messaging.ServiceDefaults.Tests.Widgets;

public sealed class Widget
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Colour { get; set; }
}

namespace Sandbox.Simulator;

/// <summary>What a simulated customer sends: text, or media (with an optional caption), a location, or a button tap.</summary>
/// <param name="Business">The Meta phone number id, or the Twilio WhatsApp sender (E.164).</param>
/// <param name="Customer">The customer's phone number.</param>
/// <param name="ReplyTo">The id of the business message the customer replies to (quoted reply, button tap).</param>
public sealed record SimulatedMessage(
    string Business,
    string Customer,
    string? CustomerName,
    string? Text,
    SimulatedMedia? Media,
    SimulatedLocation? Location,
    SimulatedButton? Button,
    string? ReplyTo);

/// <summary>An attachment uploaded first through <c>POST /sandbox/api/media/{provider}/{business}</c>, named by the id that returned.</summary>
public sealed record SimulatedMedia(string Id);

public sealed record SimulatedLocation(double Latitude, double Longitude, string? Name, string? Address);

/// <param name="Type">button_reply or list_reply (interactive messages), or quick_reply (template buttons).</param>
public sealed record SimulatedButton(string Id, string Title, string Type = "button_reply");

/// <summary>The webhook the simulator posted and what the product answered (status 0: unreachable).</summary>
public sealed record SimulationResult(string MessageId, Uri WebhookUrl, int Status, string? ResponseBody, string? Error);

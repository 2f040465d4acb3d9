namespace Sandbox.Simulator;

public static class SimulatedMessageValidation
{
    static readonly string[] ButtonTypes = ["button_reply", "list_reply", "quick_reply"];

    /// <summary>The reason the message cannot be simulated, or null.</summary>
    public static string? Validate(SimulatedMessage message)
    {
        if (CustomerNumber.Problem(message.Customer) is { } problem)
        {
            return problem;
        }

        var parts = new object?[] { message.Media, message.Location, message.Button }.Count(p => p is not null);
        if (parts > 1 || (parts == 1 && message.Media is null && !string.IsNullOrEmpty(message.Text)))
        {
            return "Send one of: text, media (with an optional caption in text), location, or button.";
        }

        if (parts == 0 && string.IsNullOrWhiteSpace(message.Text))
        {
            return "The message is empty: give text, media, location or button.";
        }

        if (message.Location is { } location && (Math.Abs(location.Latitude) > 90 || Math.Abs(location.Longitude) > 180))
        {
            return "location latitude must be within ±90 and longitude within ±180.";
        }

        if (message.Button is { } button && (string.IsNullOrEmpty(button.Id) || string.IsNullOrEmpty(button.Title) || !ButtonTypes.Contains(button.Type)))
        {
            return "button needs an id, a title and a type of button_reply, list_reply or quick_reply.";
        }

        return message.Media is { Id: null or "" } ? "media needs the id of an uploaded file (POST /sandbox/api/media/{provider}/{business})." : null;
    }
}

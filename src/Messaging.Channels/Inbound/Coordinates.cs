namespace Messaging.Channels.Inbound;

/// <summary>Whether a shared location is a place on Earth: finite, latitude within ±90, longitude within ±180.</summary>
public static class Coordinates
{
    public static bool AreValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && Math.Abs(latitude) <= 90 && Math.Abs(longitude) <= 180;

    public static MalformedItemException Invalid(double latitude, double longitude) =>
        new(FormattableString.Invariant($"The location ({latitude}, {longitude}) is not a place on Earth."));
}

using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Messaging.Channels.Twilio;

/// <summary>TwiML documents the product answers Twilio with.</summary>
public static class TwiML
{
    public const string ContentType = "application/xml";

    /// <summary><c>&lt;Response/&gt;</c>: acknowledged, nothing to say (replies go through the REST API).</summary>
    public static string Empty() => Document(new XElement("Response"));

    /// <summary>
    /// The first step of a number-verification call: ask for the code and post the digits to
    /// <paramref name="actionUrl"/>. When the caller types nothing, a second prompt plays and the call ends.
    /// </summary>
    public static string GatherDigits(string actionUrl, string prompt, int numDigits = 6, int timeoutSeconds = 10) =>
        Document(new XElement("Response",
            new XElement("Gather",
                new XAttribute("input", "dtmf"),
                new XAttribute("numDigits", numDigits),
                new XAttribute("timeout", timeoutSeconds),
                new XAttribute("action", actionUrl),
                new XAttribute("method", "POST"),
                new XElement("Say", prompt)),
            new XElement("Say", "We did not receive any digits. Goodbye."),
            new XElement("Hangup")));

    /// <summary>Say <paramref name="message"/>, then hang up (the thank-you after the code is captured).</summary>
    public static string SayAndHangUp(string message) =>
        Document(new XElement("Response", new XElement("Say", message), new XElement("Hangup")));

    /// <summary>A TwiML document as an HTTP 200 response.</summary>
    public static IResult Result(string twiml) => Results.Content(twiml, ContentType);

    private static string Document(XElement response) =>
        new XDeclaration("1.0", "UTF-8", null) + response.ToString(SaveOptions.DisableFormatting);
}

using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace Messaging.Channels.Twilio;

/// <summary>The TwiML documents the product answers Twilio with, built with the Twilio SDK.</summary>
public static class TwiML
{
    public const string ContentType = "application/xml";

    /// <summary><c>&lt;Response/&gt;</c> to a messaging webhook: acknowledged, nothing to say (replies go through the REST API).</summary>
    public static string Empty() => Document(new MessagingResponse());

    /// <summary>
    /// The first step of a number-verification call: ask for the code and post the digits to
    /// <paramref name="actionUrl"/>. When the caller types nothing, a second prompt plays and the call ends.
    /// </summary>
    public static string GatherDigits(Uri actionUrl, string prompt, int numDigits = 6, int timeoutSeconds = 10)
    {
        var gather = new Gather(
            input: [Gather.InputEnum.Dtmf],
            action: actionUrl,
            method: global::Twilio.Http.HttpMethod.Post,
            timeout: timeoutSeconds,
            numDigits: numDigits);
        gather.Say(prompt);
        return Document(new VoiceResponse()
            .Append(gather)
            .Say("We did not receive any digits. Goodbye.")
            .Hangup());
    }

    /// <summary>Say <paramref name="message"/>, then hang up (the thank-you after the code is captured).</summary>
    public static string SayAndHangUp(string message) => Document(new VoiceResponse().Say(message).Hangup());

    /// <summary>A TwiML document as an HTTP 200 response.</summary>
    public static IResult Result(string twiml) => Results.Content(twiml, ContentType);

    // One line: Twilio does not care, and logs and tests read it more easily.
    private static string Document(global::Twilio.TwiML.TwiML response) => response.ToString(SaveOptions.DisableFormatting);
}

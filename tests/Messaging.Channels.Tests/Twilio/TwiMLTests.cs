using System.Xml.Linq;
using Messaging.Channels.Twilio;

namespace Messaging.Channels.Tests.Twilio;

public sealed class TwiMLTests
{
    [Fact]
    public void Empty_response() =>
        Assert.Equal("""<?xml version="1.0" encoding="UTF-8"?><Response />""", TwiML.Empty());

    [Fact]
    public void Gather_asks_for_six_digits_and_posts_them_to_the_action()
    {
        var document = XDocument.Parse(TwiML.GatherDigits("https://example.com/webhooks/twilio/gather?channel=a&b=c", "Please type the code."));

        var gather = document.Root!.Element("Gather")!;
        Assert.Equal("Response", document.Root.Name.LocalName);
        Assert.Equal("6", gather.Attribute("numDigits")!.Value);
        Assert.Equal("https://example.com/webhooks/twilio/gather?channel=a&b=c", gather.Attribute("action")!.Value);
        Assert.Equal("POST", gather.Attribute("method")!.Value);
        Assert.Equal("Please type the code.", gather.Element("Say")!.Value);
        Assert.NotNull(document.Root.Element("Hangup"));
    }

    [Fact]
    public void Text_is_escaped()
    {
        var xml = TwiML.SayAndHangUp("Thanks <Alice> & Bob");
        Assert.Contains("Thanks &lt;Alice&gt; &amp; Bob", xml, StringComparison.Ordinal);
        Assert.Equal("Thanks <Alice> & Bob", XDocument.Parse(xml).Root!.Element("Say")!.Value);
    }

    [Fact]
    public void Gather_post_is_read()
    {
        var form = new TwilioForm(new Dictionary<string, string> { ["CallSid"] = "CA1", ["Digits"] = "123456", ["From"] = "+1", ["To"] = "+2" });
        Assert.Equal(new VoiceGather("CA1", "+1", "+2", "123456"), VoiceGather.Read(form));
        Assert.Null(VoiceGather.Read(new TwilioForm(new Dictionary<string, string> { ["CallSid"] = "CA1" })));
    }
}

using System.Xml.Linq;
using Messaging.Channels.Twilio;

namespace Messaging.Channels.Tests.Twilio;

public sealed class TwiMLTests
{
    [Fact]
    public void Empty_response()
    {
        var document = XDocument.Parse(TwiML.Empty());
        Assert.Equal("Response", document.Root!.Name.LocalName);
        Assert.Empty(document.Root.Nodes());
        Assert.StartsWith("<?xml", TwiML.Empty(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_asks_for_six_digits_and_posts_them_to_the_action()
    {
        var document = XDocument.Parse(TwiML.GatherDigits(new Uri("https://example.com/webhooks/twilio/gather?channel=a&b=c"), "Please type the code."));

        var gather = document.Root!.Element("Gather")!;
        Assert.Equal("Response", document.Root.Name.LocalName);
        Assert.Equal("dtmf", gather.Attribute("input")!.Value);
        Assert.Equal("6", gather.Attribute("numDigits")!.Value);
        Assert.Equal("10", gather.Attribute("timeout")!.Value);
        Assert.Equal("https://example.com/webhooks/twilio/gather?channel=a&b=c", gather.Attribute("action")!.Value);
        Assert.Equal("POST", gather.Attribute("method")!.Value);
        Assert.Equal("Please type the code.", gather.Element("Say")!.Value);
        Assert.Equal("We did not receive any digits. Goodbye.", document.Root.Element("Say")!.Value);
        Assert.NotNull(document.Root.Element("Hangup"));
    }

    [Fact]
    public void Gather_keeps_an_escaped_action_url_as_given()
    {
        var action = new Uri("https://example.com/webhooks/twilio/gather?next=a%20b%26c");
        var gather = XDocument.Parse(TwiML.GatherDigits(action, "Code?")).Root!.Element("Gather")!;
        Assert.Equal(action.AbsoluteUri, gather.Attribute("action")!.Value);
    }

    [Fact]
    public void Say_and_hang_up_is_one_say_then_a_hangup()
    {
        var root = XDocument.Parse(TwiML.SayAndHangUp("Goodbye.")).Root!;
        Assert.Equal(["Say", "Hangup"], root.Elements().Select(e => e.Name.LocalName));
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

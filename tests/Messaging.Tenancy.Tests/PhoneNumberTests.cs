using Messaging.Channels.Inbound;
using Messaging.Tenancy.Model;

namespace Messaging.Tenancy.Tests;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("whatsapp:+14155238886", "14155238886")]
    [InlineData("+33 6 12-34.56 78", "33612345678")]
    [InlineData("15551234567", "15551234567")]
    [InlineData(" WhatsApp:+1 (555) 123 4567 ", "15551234567")]
    public void Numbers_compare_by_their_digits(string number, string expected) =>
        Assert.Equal(expected, PhoneNumbers.Digits(number));

    [Theory]
    [InlineData("+1 555 123 4567", true)]
    [InlineData("12345", false)]
    [InlineData("call me", false)]
    [InlineData("+1234567890123456", false)]
    public void Plausible_numbers_are_6_to_15_digits(string number, bool plausible) =>
        Assert.Equal(plausible, PhoneNumbers.IsPlausible(number));

    [Fact]
    public void Enum_codes_are_snake_case_both_ways()
    {
        Assert.Equal("whole_word", TenancyCodes.ToCode(KeywordMode.WholeWord));
        Assert.Equal("open_ai", TenancyCodes.ToCode(AiMode.OpenAi));
        Assert.True(TenancyCodes.TryParse<KeywordMode>("substring", out var mode));
        Assert.Equal(KeywordMode.Substring, mode);
        Assert.False(TenancyCodes.TryParse<KeywordMode>("Substring", out _));
    }
}

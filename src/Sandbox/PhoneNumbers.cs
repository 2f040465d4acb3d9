namespace Sandbox;

/// <summary>Phone numbers compared the way WhatsApp identifies users: by their digits.</summary>
public static class PhoneNumbers
{
    public static string Digits(string? number) =>
        number is null ? "" : string.Concat(number.Where(char.IsAsciiDigit));

    public static string E164(string? number) => "+" + Digits(number);

    /// <summary>True for something WhatsApp could address: 7 to 15 digits, nothing but separators around them.</summary>
    public static bool IsValid(string? number) =>
        number is not null
        && number.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')')
        && Digits(number).Length is >= 7 and <= 15;
}

namespace Sandbox.Accounts;

/// <summary>An emulated Cloud API phone number, with the secrets the product holds for it.</summary>
public sealed record MetaNumber(
    string PhoneNumberId,
    string DisplayPhoneNumber,
    string VerifiedName,
    string BusinessAccountId,
    string AccessToken,
    string AppSecret,
    Uri WebhookUrl)
{
    public override string ToString() => $"MetaNumber {{ PhoneNumberId = {PhoneNumberId}, DisplayPhoneNumber = {DisplayPhoneNumber}, WebhookUrl = {WebhookUrl}, secrets redacted }}";
}

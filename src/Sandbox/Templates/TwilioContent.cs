namespace Sandbox.Templates;

/// <summary>An approved Twilio Content template (HX...) of an account; <see cref="Body"/> has <c>{{1}}</c>... placeholders.</summary>
public sealed record TwilioContent(string ContentSid, string AccountSid, string FriendlyName, string Language, string Body);

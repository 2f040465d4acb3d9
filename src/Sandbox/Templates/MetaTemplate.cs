namespace Sandbox.Templates;

/// <summary>An approved message template of a WhatsApp Business Account; <see cref="Body"/> has <c>{{1}}</c>... placeholders.</summary>
public sealed record MetaTemplate(string BusinessAccountId, string Name, string Language, string Category, string Body);

using System.Text;
using System.Text.RegularExpressions;
using Agent.Ai.Telemetry;
using Microsoft.Extensions.Options;

namespace Agent.Ai.Safety;

/// <summary>
/// Heuristics for the common prompt-injection shapes, in English and the main European
/// languages: orders to ignore instructions, new roles ("you are now", role-play, developer
/// mode), fake role markers, attempts to read the system prompt, and base64 payloads (whose
/// decoded text is scanned too). A flagged message gets the configured safe reply instead of
/// an AI one; every message also reaches the model only as delimited data.
/// </summary>
public sealed partial class PromptInjectionScanner(IOptionsMonitor<AiOptions> options, AiMetrics metrics, ILogger<PromptInjectionScanner> logger)
    : IPromptInjectionScanner
{
    const int MaxScannedLength = 20_000;

    public InjectionVerdict Scan(string message)
    {
        var reasons = Reasons(message.Length <= MaxScannedLength ? message : message[..MaxScannedLength]);
        if (reasons.Count == 0)
        {
            return InjectionVerdict.Clean;
        }
        metrics.Flagged();
        AiLog.InjectionFlagged(logger, reasons);
        return new InjectionVerdict(true, reasons, options.CurrentValue.FlaggedMessageReply);
    }

    static List<string> Reasons(string message)
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        Match(TextFolding.Fold(message), reasons);
        foreach (var decoded in DecodedPayloads(message))
        {
            reasons.Add("encoded-payload");
            Match(TextFolding.Fold(decoded), reasons);
        }
        return [.. reasons];
    }

    static void Match(string folded, SortedSet<string> reasons)
    {
        if (IgnoreInstructions().IsMatch(folded) || IgnoreInstructionsElsewhere().IsMatch(folded))
        {
            reasons.Add("ignore-instructions");
        }
        if (RoleOverride().IsMatch(folded) || RoleOverrideElsewhere().IsMatch(folded))
        {
            reasons.Add("role-override");
        }
        if (DeveloperMode().IsMatch(folded))
        {
            reasons.Add("developer-mode");
        }
        if (SystemPrompt().IsMatch(folded))
        {
            reasons.Add("system-prompt");
        }
        if (PromptExfiltration().IsMatch(folded))
        {
            reasons.Add("prompt-exfiltration");
        }
        if (RoleMarkers().IsMatch(folded))
        {
            reasons.Add("role-markers");
        }
        if (RestrictionBypass().IsMatch(folded))
        {
            reasons.Add("restriction-bypass");
        }
    }

    /// <summary>Base64 runs that decode to readable text: an order number decodes to noise and is left alone.</summary>
    static IEnumerable<string> DecodedPayloads(string message)
    {
        foreach (Match match in Base64Run().Matches(message))
        {
            var candidate = match.Value.Replace('-', '+').Replace('_', '/');
            candidate = candidate.PadRight(candidate.Length + (4 - candidate.Length % 4) % 4, '=');
            var buffer = new byte[candidate.Length];
            if (!Convert.TryFromBase64String(candidate, buffer, out var written) || written == 0)
            {
                continue;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, written);
            var readable = text.Count(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || char.IsPunctuation(c));
            if (readable >= text.Length * 0.9 && text.Contains(' ', StringComparison.Ordinal))
            {
                yield return text;
            }
        }
    }

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|skip|override|bypass|drop)\s+(?:all\s+|any\s+|the\s+|your\s+|these\s+|those\s+|of\s+)*(?:previous|prior|above|earlier|preceding|former|original|initial|system|existing|current)?\s*(?:instructions?|prompts?|rules|directions|guidelines|programming|directives|constraints)\b", RegexOptions.CultureInvariant)]
    private static partial Regex IgnoreInstructions();

    /// <summary>Spanish, Portuguese, French, German, Italian and Dutch forms of "ignore (all) previous instructions".</summary>
    [GeneratedRegex(@"\b(?:ignora(?:r|d)?|olvida(?:r)?|ignore(?:z|r)?|esquec[ae]|oublie(?:z)?|ignorier(?:e|en)?|vergiss|vergessen\s+sie|dimentica|negeer|vergeet)\s+(?:\w+\s+){0,3}(?:instrucciones|instrucoes|instructions|anweisungen|instruktionen|istruzioni|instructies|regeln|reglas|regras|regles|regole)\b", RegexOptions.CultureInvariant)]
    private static partial Regex IgnoreInstructionsElsewhere();

    [GeneratedRegex(@"\b(?:you\s+are\s+now|you're\s+now|from\s+now\s+on\s+you(?:\s+are|\s+will|\s+must|'re)|act\s+as\s+(?:if|though|an?\s+(?:unfiltered|unrestricted|evil|different))|pretend\s+(?:to\s+be|you\s+are|you're)|role-?\s?play|new\s+persona|stay\s+in\s+character|simulate\s+(?:an?\s+)?(?:ai|assistant|chatbot)\s+(?:without|that))\b", RegexOptions.CultureInvariant)]
    private static partial Regex RoleOverride();

    [GeneratedRegex(@"\b(?:ahora\s+eres|a\s+partir\s+de\s+ahora\s+eres|agora\s+(?:voce\s+e|tu\s+es|es)|tu\s+es\s+maintenant|vous\s+etes\s+maintenant|du\s+bist\s+(?:jetzt|nun|ab\s+sofort)|ora\s+sei|da\s+ora\s+sei|je\s+bent\s+nu)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RoleOverrideElsewhere();

    [GeneratedRegex(@"\b(?:(?:developer|dev|god|admin|debug|sudo|jailbreak|unrestricted|dan)\s+mode|jailbreak(?:ed|ing)?|do\s+anything\s+now|modo\s+desarrollador|mode\s+developpeur|entwicklermodus)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DeveloperMode();

    [GeneratedRegex(@"\b(?:(?:system|initial|hidden|original|secret|internal)\s+(?:prompt|instructions|message)|prompt\s+injection|prompt\s+(?:del|do)\s+sistema|prompt\s+systeme|systemprompt|system-prompt)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SystemPrompt();

    [GeneratedRegex(@"\b(?:(?:reveal|show|print|repeat|output|display|leak|dump|give|tell|copy|paste|translate|share|send)\s+(?:me\s+|us\s+)?(?:all\s+)?(?:of\s+)?(?:your\s+(?:\w+\s+)?(?:instructions|prompt|configuration|system\s+message)|the\s+(?:system|initial|original|hidden|secret|developer)\s+(?:prompt|instructions|message))|(?:repeat|print|output)\s+(?:everything|all|the\s+text|the\s+words)\s+(?:above|before|so\s+far)|what\s+(?:are|were)\s+your\s+(?:original\s+|initial\s+|system\s+)?instructions|(?:muestra|revela|dime)\s+(?:tus|las)\s+instrucciones|(?:montre|revele)[sz]?\s+(?:tes|vos|les)\s+instructions|zeig(?:e)?\s+(?:mir\s+)?deine\s+anweisungen)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PromptExfiltration();

    [GeneratedRegex(@"(?:^|\n|[.!?]\s)(?:system|assistant|developer)\s*:\s|<\|?\s*(?:system|im_start|im_end|endoftext)\s*\|?>|\[/?(?:system|inst)\]|#{2,}\s*(?:system|instruction|new\s+instructions)|</?\s*(?:system|instructions?)\s*>", RegexOptions.CultureInvariant)]
    private static partial Regex RoleMarkers();

    [GeneratedRegex(@"\b(?:(?:bypass|disable|turn\s+off|ignore|remove|deactivate)\s+(?:your\s+|all\s+|the\s+)*(?:safety|filters?|restrictions|guardrails|content\s+policy|moderation)|(?:answer|respond|reply|speak|talk|act|work)\s+(?:\w+\s+){0,3}(?:without|with\s+no)\s+(?:any\s+)?(?:restrictions|filters|limitations|censorship|guardrails)|uncensored|unfiltered)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RestrictionBypass();

    [GeneratedRegex(@"[A-Za-z0-9+/_-]{24,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();
}

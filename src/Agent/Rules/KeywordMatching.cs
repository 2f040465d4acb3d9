using Messaging.Tenancy.Model;

namespace Agent.Rules;

/// <summary>Case-insensitive keyword tests: a whole word (or phrase) bounded by non-letters, or any substring.</summary>
public static class KeywordMatching
{
    public static bool Matches(KeywordMatcher matcher, string text) =>
        matcher.Keywords.Any(keyword => !string.IsNullOrWhiteSpace(keyword) && Contains(text, keyword.Trim(), matcher.Mode));

    static bool Contains(string text, string keyword, KeywordMode mode)
    {
        if (mode == KeywordMode.Substring)
        {
            return text.Contains(keyword, StringComparison.OrdinalIgnoreCase);
        }
        var start = 0;
        while (start <= text.Length - keyword.Length)
        {
            var index = text.IndexOf(keyword, start, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return false;
            }
            var end = index + keyword.Length;
            if ((index == 0 || !char.IsLetterOrDigit(text[index - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
            start = index + 1;
        }
        return false;
    }
}

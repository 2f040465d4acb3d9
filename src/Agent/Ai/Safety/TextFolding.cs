using System.Text;

namespace Agent.Ai.Safety;

/// <summary>
/// Text made comparable for the safety patterns: lower case, Latin accents removed (this build
/// runs without ICU, so by table), zero-width and control characters dropped, runs of
/// whitespace collapsed (to one newline when the run had one, so line-start patterns still
/// work). "IGNORÁ  las\u200B instrucciones" -> "ignora las instrucciones".
/// </summary>
internal static class TextFolding
{
    const string Accented = "àáâãäåāăąèéêëēĕėęěìíîïĩīĭįòóôõöøōŏőùúûüũūŭůűųçćĉċčñńņňýÿŷśŝşšźżžđğĝġģ";
    const string Plain = "aaaaaaaaaeeeeeeeeeiiiiiiiiooooooooouuuuuuuuuucccccnnnnyyysssszzzdgggg";

    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = (char?)null;
        foreach (var original in text)
        {
            if (original is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD')
            {
                continue;
            }
            if (char.IsWhiteSpace(original) || char.IsControl(original))
            {
                pendingSpace = original == '\n' || pendingSpace == '\n' ? '\n' : ' ';
                continue;
            }
            if (pendingSpace is { } space && builder.Length > 0)
            {
                builder.Append(space);
            }
            pendingSpace = null;
            var c = char.ToLowerInvariant(original);
            var index = Accented.IndexOf(c, StringComparison.Ordinal);
            builder.Append(index >= 0 ? Plain[index] : c);
        }
        return builder.ToString();
    }
}

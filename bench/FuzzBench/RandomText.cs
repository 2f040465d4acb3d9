using System.Text;

namespace FuzzBench;

/// <summary>Seeded text that does not compress: letters and digits, and, where asked, characters of several scripts and emoji.</summary>
public static class RandomText
{
    const string Plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static readonly string[] Wide = ["é", "ß", "ж", "中", "ي", "😀", "👍🏽"];

    public static string Of(Random random, int length, bool wide = false)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(wide && random.Next(8) == 0 ? Wide[random.Next(Wide.Length)] : Plain[random.Next(Plain.Length)].ToString());
        }
        return text.ToString();
    }

    public static string Digits(Random random, int length) => string.Concat(Enumerable.Range(0, length).Select(_ => (char)('0' + random.Next(10))));
}

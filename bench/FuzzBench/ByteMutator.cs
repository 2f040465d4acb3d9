namespace FuzzBench;

/// <summary>
/// Seeded byte-level damage to a body: one to three bit flips, byte replacements, insertions
/// (often of a byte JSON or a form gives meaning to, or one that is never UTF-8) or deletions.
/// </summary>
public static class ByteMutator
{
    static readonly byte[] Meaningful = [(byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'\\', (byte)'&', (byte)'=', (byte)'%', 0x00, 0xFF, 0xC3, 0xED];

    public static byte[] Mutate(byte[] body, Random random)
    {
        while (true)
        {
            var bytes = new List<byte>(body);
            for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0:
                        bytes[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 2:
                        bytes.Insert(at, random.Next(2) == 0 ? Meaningful[random.Next(Meaningful.Length)] : (byte)random.Next(256));
                        break;
                    default:
                        bytes.RemoveAt(at);
                        break;
                }
            }
            if (!bytes.SequenceEqual(body))
            {
                return [.. bytes];
            }
        }
    }

    /// <summary>The first 1 to length - 1 bytes.</summary>
    public static byte[] Truncate(byte[] body, Random random) => body[..random.Next(1, body.Length)];
}

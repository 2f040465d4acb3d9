using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Bench;

/// <summary>
/// How every bench reads its command line (System.CommandLine): <c>--help</c> lists the options,
/// and an unknown option or a value that is not a number or out of range is one line naming it,
/// then the options, and exit code 1, never a stack trace.
/// </summary>
public static class BenchCommandLine
{
    /// <summary>
    /// The parsed line, or null when it asked for help or was wrong; then what it printed is done
    /// and <paramref name="exitCode"/> is what the bench should exit with.
    /// </summary>
    public static ParseResult? Parse(RootCommand command, string[] args, out int exitCode)
    {
        var parsed = command.Parse(args);
        if (parsed.Errors.Count == 0 && parsed.Action is null)
        {
            exitCode = 0;
            return parsed;
        }
        exitCode = parsed.Invoke();
        return null;
    }

    public static Option<T> Option<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    /// <summary>Refuses a value below <paramref name="least"/> or above <paramref name="most"/>.</summary>
    public static Option<T> Within<T>(this Option<T> option, T least, T most) where T : IComparable<T>, IParsable<T>
    {
        option.CustomParser = Number<T>(option.Name, value => value.CompareTo(least) >= 0 && value.CompareTo(most) <= 0, $"from {least} to {most}");
        return option;
    }

    /// <summary>
    /// A parser for one invariant-culture number that <paramref name="holds"/>; anything else is
    /// an error saying "<paramref name="name"/> must be <paramref name="requirement"/>". A custom
    /// parser rather than a validator: a validator reading a value that did not convert throws.
    /// </summary>
    public static Func<ArgumentResult, T> Number<T>(string name, Func<T, bool> holds, string requirement) where T : IParsable<T> => result =>
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(token => token.Value));
        if (T.TryParse(text, CultureInfo.InvariantCulture, out var value) && holds(value))
        {
            return value;
        }
        result.AddError($"{name} must be {requirement}, not '{text}'.");
        return default!;
    };
}

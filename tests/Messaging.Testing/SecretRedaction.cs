using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Messaging.Testing;

/// <summary>
/// Finds types whose <c>ToString</c> prints a secret: every type with a writable string property
/// named like a secret (…Token, …Secret, …ApiKey, …Password, …Credential, …MasterKey) is filled
/// with marked values and printed. Records print every property unless they override it.
/// </summary>
public static partial class SecretRedaction
{
    const string Marker = "SECRET-MARKER-";

    /// <summary>Fails naming every type of the assemblies whose <c>ToString</c> prints a secret.</summary>
    public static void AssertNoneLeaks(params Assembly[] assemblies)
    {
        var leaks = LeakingTypes(assemblies);
        Xunit.Assert.True(leaks.Count == 0, "ToString prints a secret:\n" + string.Join("\n", leaks));
    }

    public static IReadOnlyList<string> LeakingTypes(params Assembly[] assemblies) =>
        [.. assemblies.SelectMany(SafeTypes)
            .Where(type => type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && !type.IsDefined(typeof(CompilerGeneratedAttribute)))
            .Where(type => SecretProperties(type).Any())
            .Select(type => (type, printed: Print(type)))
            .Where(result => result.printed.Contains(Marker, StringComparison.Ordinal))
            .Select(result => $"{result.type.FullName}: {result.printed}")];

    static IEnumerable<PropertyInfo> SecretProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && p.CanWrite && SecretName().IsMatch(p.Name));

    static string Print(Type type)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string) && p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            property.SetValue(instance, SecretName().IsMatch(property.Name) ? Marker + property.Name : "plain");
        }
        try
        {
            return instance.ToString() ?? "";
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException)
        {
            // A ToString that needs more than strings set cannot be judged this way; it printed nothing.
            return "";
        }
    }

    static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    [GeneratedRegex("(Token|Secret|ApiKey|Password|Credential|MasterKey)$")]
    private static partial Regex SecretName();
}

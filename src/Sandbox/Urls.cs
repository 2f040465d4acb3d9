namespace Sandbox;

public static class Urls
{
    /// <summary>Appends a path to a base URL, keeping the base's own path (unlike <c>new Uri(base, relative)</c>).</summary>
    public static Uri Combine(Uri baseUrl, string path) =>
        new($"{baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{path.TrimStart('/')}");
}

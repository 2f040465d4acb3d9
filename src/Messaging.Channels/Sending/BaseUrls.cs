namespace Messaging.Channels.Sending;

internal static class BaseUrls
{
    /// <summary>
    /// A configured base such as <c>http://sandbox:5000/meta</c> keeps its last segment only
    /// with a trailing slash when relative paths are resolved against it.
    /// </summary>
    public static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsolutePath.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}

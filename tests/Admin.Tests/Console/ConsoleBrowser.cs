using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Admin.Tests.Tenancy;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Admin.Tests.Console;

/// <summary>
/// A person using the console without a browser: its own cookies, pages parsed with AngleSharp,
/// forms posted with the fields (anti-forgery token included) the page rendered.
/// </summary>
public sealed class ConsoleBrowser : IDisposable
{
    static readonly HtmlParser Parser = new();
    readonly HttpClient _http;

    public ConsoleBrowser(AdminApp app) =>
        _http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record Page(HttpStatusCode Status, IHtmlDocument Document, Uri Address)
    {
        public string Text => Document.Body?.TextContent ?? "";
    }

    public async Task<Page> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return await ReadAsync(response);
    }

    /// <summary>Fills the form that contains <paramref name="submitText"/>'s button and posts it.</summary>
    public async Task<Page> SubmitAsync(Page page, string submitText, IReadOnlyDictionary<string, string>? fields = null)
    {
        var button = page.Document.QuerySelectorAll("button").FirstOrDefault(b => b.TextContent.Trim() == submitText)
            ?? throw new InvalidOperationException($"No '{submitText}' button on {page.Address}: {page.Text}");
        var form = (IHtmlFormElement)button.Closest("form")!;
        // As a browser does: an unticked checkbox is not sent.
        var values = form.Elements.OfType<IHtmlElement>()
            .Where(e => e is not IHtmlInputElement { Type: "checkbox" or "radio", IsChecked: false })
            .Select(e => (Name: e.GetAttribute("name"), Value: e is IHtmlTextAreaElement t ? t.Value : e is IHtmlSelectElement s ? s.Value : e.GetAttribute("value")))
            .Where(e => !string.IsNullOrEmpty(e.Name))
            .GroupBy(e => e.Name!).ToDictionary(g => g.Key, g => g.First().Value ?? "");
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Address.PathAndQuery : form.GetAttribute("action")!;
        return await PostAsync(action, values);
    }

    public async Task<Page> PostAsync(string path, IReadOnlyDictionary<string, string> values)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.RelativeOrAbsolute), new FormUrlEncodedContent(values), Ct);
        return await ReadAsync(response);
    }

    public async Task<Page> SignInAsync(string email, string password)
    {
        var page = await GetAsync("/admin/account/sign-in");
        return await SubmitAsync(page, "Sign in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
    }

    static async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        return new Page(response.StatusCode, await Parser.ParseDocumentAsync(html, Ct), response.RequestMessage!.RequestUri!);
    }

    public void Dispose() => _http.Dispose();
}

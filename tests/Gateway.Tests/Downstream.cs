using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests;

/// <summary>A stand-in service that answers with what it received: path, forwarded headers, body size.</summary>
public sealed class Downstream : IAsyncDisposable
{
    readonly WebApplication _app;
    int _requests;

    Downstream(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public int Requests => _requests;

    public static async Task<Downstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var downstream = new Downstream(app);
        app.MapGet("/health", () => "Healthy");
        app.Map("/{**path}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref downstream._requests);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            return Results.Json(new Echo(
                name,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers["X-Forwarded-Proto"].ToString(),
                context.Request.Headers["X-Forwarded-Host"].ToString(),
                context.Request.Headers["X-Forwarded-For"].ToString(),
                body.Length,
                Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body.ToArray())),
                context.Request.ContentType,
                context.Request.Headers["X-Hub-Signature-256"].ToString()));
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return downstream;
    }

    public static async Task<Echo> ReadEchoAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<Echo>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Echo(string Service, string Path, string ForwardedProto, string ForwardedHost, string ForwardedFor, long BodyLength,
        string BodySha256 = "", string? ContentType = null, string Signature = "");
}

// The cheapest HTTP forwarder Kestrel and HttpClient make: reads the webhook and passes it on
// as one message, nothing else (no routing table, limits, headers policy or telemetry). IngestBench
// runs it in front of the bare endpoint to show what any forwarding process costs on its own.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var target = new Uri(app.Configuration["Forward:To"] ?? throw new InvalidOperationException("Forward:To is not set."));
var client = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });

app.MapGet("/health", () => Results.Ok());
app.MapPost("/webhooks/whatsapp", async (HttpContext context) =>
{
    var body = new byte[context.Request.ContentLength ?? 0];
    await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted);
    using var forwarded = new HttpRequestMessage(HttpMethod.Post, new Uri(target, context.Request.Path.Value)) { Content = new ByteArrayContent(body) };
    forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
    foreach (var (name, values) in context.Request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
    {
        forwarded.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
    }
    using var response = await client.SendAsync(forwarded, context.RequestAborted);
    context.Response.StatusCode = (int)response.StatusCode;
});
app.Run();

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Agent.Tests.Infrastructure;

/// <summary>
/// The Graph API's messages endpoint as the agent uses it: sends answer a new wamid, read
/// receipts answer success, and a test can queue error answers for a phone number id.
/// </summary>
public sealed class FakeProvider
{
    readonly ConcurrentQueue<ProviderCall> _calls = new();
    readonly ConcurrentDictionary<string, ConcurrentQueue<(HttpStatusCode Status, string Body)>> _failures = new();
    readonly ConcurrentDictionary<string, TaskCompletionSource> _heldReads = new();

    public IReadOnlyList<ProviderCall> Calls => _calls.ToArray();

    public IReadOnlyList<ProviderCall> Sends(string phoneNumberId) =>
        Calls.Where(c => c.PhoneNumberId == phoneNumberId && c.Body["status"] is null).ToList();

    public IReadOnlyList<ProviderCall> Reads(string phoneNumberId) =>
        Calls.Where(c => c.PhoneNumberId == phoneNumberId && c.Body["status"]?.GetValue<string>() == "read").ToList();

    /// <summary>The next calls for this number answer this error, in order.</summary>
    public void Fail(string phoneNumberId, HttpStatusCode status, int code, string message = "error")
    {
        var body = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "OAuthException", ["code"] = code, ["fbtrace_id"] = "trace" } };
        _failures.GetOrAdd(phoneNumberId, _ => new()).Enqueue((status, body.ToJsonString()));
    }

    /// <summary>
    /// The next read receipt for this number is answered only once the returned source is set:
    /// the delivery that sent it waits there, after its send, before it completes its turn.
    /// </summary>
    public TaskCompletionSource HoldNextRead(string phoneNumberId)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _heldReads[phoneNumberId] = release;
        return release;
    }

    public HttpMessageHandler CreateHandler() => new Handler(this);

    async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var phoneNumberId = segments.Length >= 2 ? segments[1] : "";
        var body = request.Content is null ? new JsonObject() : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        if (_failures.TryGetValue(phoneNumberId, out var failures) && failures.TryDequeue(out var failure))
        {
            _calls.Enqueue(new ProviderCall(phoneNumberId, body, null, (int)failure.Status));
            return Json(failure.Status, failure.Body);
        }
        if (body["status"] is not null)
        {
            if (_heldReads.TryRemove(phoneNumberId, out var held))
            {
                await held.Task.WaitAsync(cancellationToken);
            }
            _calls.Enqueue(new ProviderCall(phoneNumberId, body, null, 200));
            return Json(HttpStatusCode.OK, """{"success":true}""");
        }
        var id = "wamid." + Guid.NewGuid().ToString("N");
        _calls.Enqueue(new ProviderCall(phoneNumberId, body, id, 200));
        return Json(HttpStatusCode.OK, $$"""{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"{{id}}"}]}""");
    }

    static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    sealed class Handler(FakeProvider provider) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            provider.AnswerAsync(request, cancellationToken);
    }
}

/// <summary>One call the agent made; <see cref="MessageId"/> is set for accepted sends.</summary>
public sealed record ProviderCall(string PhoneNumberId, JsonObject Body, string? MessageId, int Status)
{
    public string? Text => Body["text"]?["body"]?.GetValue<string>();
    public string? Type => Body["type"]?.GetValue<string>();
    public string? QuotedMessageId => Body["context"]?["message_id"]?.GetValue<string>();
    public string? TemplateName => Body["template"]?["name"]?.GetValue<string>();
}

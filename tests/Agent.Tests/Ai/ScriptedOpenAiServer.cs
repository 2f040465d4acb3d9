using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messaging.Embeddings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agent.Tests.Ai;

/// <summary>
/// An OpenAI-compatible HTTP server on a free loopback port for tests: POST /v1/chat/completions
/// answers the queued responses in order (500 when the queue is empty), POST /v1/embeddings
/// answers the offline hashed n-gram embedding of each input (or <see cref="Embed"/>'s). Every
/// request is recorded with its body and Authorization header.
/// </summary>
public sealed class ScriptedOpenAiServer : IAsyncDisposable
{
    public const string DefaultModel = "scripted-model";

    readonly WebApplication _app;
    readonly ConcurrentQueue<ScriptedResponse> _responses = new();
    readonly ConcurrentQueue<RecordedRequest> _requests = new();
    readonly HashedNGramEmbeddingGenerator _embeddings = new();
    int _calls;

    ScriptedOpenAiServer(WebApplication app) => _app = app;

    /// <summary>Base URL to configure as the AI endpoint, e.g. http://127.0.0.1:41234/v1/.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Replaces the default embedding of an input; must return the same length for every input.</summary>
    public Func<string, float[]>? Embed { get; set; }

    /// <summary>Requests received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Chat completion requests received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> ChatRequests => [.. _requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    /// <summary>Responses still queued.</summary>
    public int PendingResponses => _responses.Count;

    public static async Task<ScriptedOpenAiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    public void Enqueue(ScriptedResponse response) => _responses.Enqueue(response);

    /// <summary>A final answer with the given usage.</summary>
    public void EnqueueText(string text, int inputTokens = 20, int outputTokens = 10, string model = DefaultModel, TimeSpan delay = default) =>
        Enqueue(new ScriptedResponse(200, Completion(model, "stop", text, [], inputTokens, outputTokens)) { Delay = delay });

    /// <summary>An answer asking for tools; ids default to call_1, call_2... in order of all calls.</summary>
    public void EnqueueToolCalls(params ScriptedToolCall[] calls) => EnqueueToolCalls(20, 10, calls);

    public void EnqueueToolCalls(int inputTokens, int outputTokens, params ScriptedToolCall[] calls) =>
        Enqueue(new ScriptedResponse(200, Completion(DefaultModel, "tool_calls", null, calls, inputTokens, outputTokens)));

    /// <summary>An OpenAI-style error body with the given status.</summary>
    public void EnqueueError(int status, string message) =>
        Enqueue(new ScriptedResponse(status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "scripted_error" } }.ToJsonString()));

    async Task<IResult> ChatAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        await RecordAsync(request, cancellationToken);
        if (!_responses.TryDequeue(out var response))
        {
            return Results.Content("""{"error":{"message":"no scripted response left","type":"scripted_error"}}""", "application/json", statusCode: 500);
        }
        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay, cancellationToken);
        }
        return Results.Content(response.Body, "application/json", statusCode: response.Status);
    }

    async Task<IResult> EmbeddingsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RecordAsync(request, cancellationToken);
        var input = body.GetProperty("input");
        var texts = input.ValueKind == JsonValueKind.Array ? input.EnumerateArray().Select(item => item.GetString() ?? "").ToList() : [input.GetString() ?? ""];
        var data = new JsonArray();
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = Embed?.Invoke(texts[i]) ?? (await _embeddings.GenerateAsync([texts[i]], cancellationToken: cancellationToken))[0].Vector.ToArray();
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray([.. vector.Select(v => JsonValue.Create(v))]) });
        }
        var tokens = texts.Sum(text => text.Length / 4 + 1);
        return Results.Content(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body.TryGetProperty("model", out var model) ? model.GetString() : "scripted-embedding",
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString(), "application/json");
    }

    async Task<JsonElement> RecordAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var body = document.RootElement.Clone();
        _requests.Enqueue(new RecordedRequest(request.Path.Value ?? "", request.Headers.Authorization.ToString(), body));
        return body;
    }

    string Completion(string model, string finishReason, string? text, ScriptedToolCall[] calls, int inputTokens, int outputTokens)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (calls.Length > 0)
        {
            message["tool_calls"] = new JsonArray([.. calls.Select(call => (JsonNode)new JsonObject
            {
                ["id"] = call.Id ?? $"call_{Interlocked.Increment(ref _calls)}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
            })]);
        }
        return new JsonObject
        {
            ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputTokens, ["completion_tokens"] = outputTokens, ["total_tokens"] = inputTokens + outputTokens },
        }.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _embeddings.Dispose();
    }
}

/// <summary>A canned answer: HTTP status, JSON body, and an optional delay before it is sent.</summary>
public sealed record ScriptedResponse(int Status, string Body)
{
    public TimeSpan Delay { get; init; }
}

/// <summary>A tool call the scripted model makes; <see cref="ArgumentsJson"/> is sent as is, even when it is not valid JSON.</summary>
public sealed record ScriptedToolCall(string Name, string ArgumentsJson, string? Id = null);

/// <summary>One request the server received.</summary>
public sealed record RecordedRequest(string Path, string Authorization, JsonElement Body)
{
    /// <summary>The chat messages of a completion request.</summary>
    public IReadOnlyList<JsonElement> Messages => Body.TryGetProperty("messages", out var messages) ? [.. messages.EnumerateArray()] : [];

    /// <summary>The function names offered as tools (empty when none).</summary>
    public IReadOnlyList<string> ToolNames => Body.TryGetProperty("tools", out var tools)
        ? [.. tools.EnumerateArray().Select(tool => tool.GetProperty("function").GetProperty("name").GetString() ?? "")]
        : [];
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Messaging.Testing.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace Messaging.ServiceDefaults.Tests.Errors;

public sealed class ErrorResponseTests
{
    public sealed record Widget(string Name, int Size);

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task An_unexpected_error_answers_only_a_correlation_id_and_logs_the_exception_under_it(string environment)
    {
        var log = new LogLines();
        await using var server = await StartAsync(environment, log);
        using var client = new HttpClient { BaseAddress = server.Url };
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.GetAsync(new Uri("/explode", UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var problem = JsonDocument.Parse(body);
        var names = problem.RootElement.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["correlationId", "status", "title", "type"], names);
        Assert.DoesNotContain("secret-host", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        var correlationId = problem.RootElement.GetProperty("correlationId").GetString()!;
        Assert.Contains(log.Lines, line => line.Level == LogLevel.Error
            && line.Message.Contains(correlationId, StringComparison.Ordinal)
            && line.Message.Contains("secret-host:6379", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"name\":", "Development")]
    [InlineData("{\"name\":\"a\",\"size\":\"big\"}", "Production")]
    [InlineData("", "Production")]
    public async Task An_unreadable_body_is_a_400_that_says_so_without_internals(string json, string environment)
    {
        var log = new LogLines();
        await using var server = await StartAsync(environment, log);
        using var client = new HttpClient { BaseAddress = server.Url };
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.PostAsync(new Uri("/widgets", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("correlationId", out _), body);
        Assert.Contains(log.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("/widgets", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/postgres-down", "PostgreSQL")]
    [InlineData("/redis-down", "Redis")]
    [InlineData("/service-down", "a service")]
    public async Task A_dependency_that_does_not_answer_is_a_503_to_retry_not_a_500(string path, string dependency)
    {
        var log = new LogLines();
        await using var server = await StartAsync("Production", log);
        using var client = new HttpClient { BaseAddress = server.Url };
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.Contains(log.Lines, line => line.Level == LogLevel.Warning
            && line.Message.Contains(path, StringComparison.Ordinal)
            && line.Message.Contains(dependency + " is unavailable", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Level >= LogLevel.Error);
    }

    /// <summary>A loopback port nothing listens on: one the system just handed out and took back.</summary>
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static Task<TestServer> StartAsync(string environment, LogLines log) => TestServer.StartAsync(
        builder =>
        {
            builder.Environment.EnvironmentName = environment;
            builder.Logging.AddProvider(log);
            builder.AddServiceDefaults();
        },
        app =>
        {
            app.MapDefaultEndpoints();
            app.MapGet("/explode", string () => throw new InvalidOperationException("could not reach secret-host:6379"));
            app.MapPost("/widgets", (Widget widget) => Results.Ok(widget));
            app.MapGet("/postgres-down", async () =>
            {
                await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={ClosedPort()};Timeout=2");
                await connection.OpenAsync();
                return Results.Ok();
            });
            app.MapGet("/redis-down", async () =>
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{ClosedPort()},connectTimeout=500,connectRetry=0");
                return Results.Ok();
            });
            app.MapGet("/service-down", async () =>
            {
                using var http = new HttpClient();
                return Results.Ok(await http.GetStringAsync(new Uri($"http://127.0.0.1:{ClosedPort()}/")));
            });
        });
}

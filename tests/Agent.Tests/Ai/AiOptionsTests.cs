using Agent.Ai;
using Agent.Ai.Providers;
using Messaging.Tenancy.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Tests.Ai;

public sealed class AiOptionsTests
{
    [Theory]
    [InlineData("Ai:MaxToolRounds", "0", "MaxToolRounds")]
    [InlineData("Ai:MaxToolRounds", "11", "MaxToolRounds")]
    [InlineData("Ai:HistoryTokenBudget", "100", "HistoryTokenBudget")]
    [InlineData("Ai:HistoryTokenBudget", "200000", "HistoryTokenBudget")]
    [InlineData("Ai:RequestTimeout", "00:00:00", "RequestTimeout")]
    [InlineData("Ai:Endpoint", "ftp://models.example", "Ai:Endpoint")]
    [InlineData("Ai:Endpoint", "http://localhost:11434/v1", "Ai:ChatModel")]
    [InlineData("Ai:ChatModel", "gpt-4o-mini", "only with Ai:Endpoint")]
    public void Absurd_settings_fail_with_the_setting_named(string key, string value, string named)
    {
        using var services = AiTestKit.Services(settings: new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AiOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid_and_offline()
    {
        using var services = AiTestKit.Services();

        var options = services.GetRequiredService<IOptions<AiOptions>>().Value;
        var clients = services.GetRequiredService<IAiClientFactory>().GetClients(AiSettings.Offline);

        Assert.Equal((4, 3_000), (options.MaxToolRounds, options.HistoryTokenBudget));
        Assert.True(clients.IsOffline);
        Assert.Equal("offline", clients.Mode);
    }

    [Fact]
    public void The_deployment_endpoint_serves_workspaces_without_their_own_and_a_workspace_endpoint_wins()
    {
        using var services = AiTestKit.Services(settings: new Dictionary<string, string?>
        {
            ["Ai:Endpoint"] = "http://localhost:11434",
            ["Ai:ChatModel"] = "llama3.2",
            ["Ai:ApiKey"] = "deployment-key",
        });
        var factory = services.GetRequiredService<IAiClientFactory>();
        var own = new AiSettings(AiMode.OpenAi, new Uri("https://api.openai.com/v1"), "gpt-4o-mini", "text-embedding-3-small", null);

        var fallback = factory.ResolveProvider(AiSettings.Offline)!;
        var workspace = factory.ResolveProvider(own)!;

        Assert.Equal((new Uri("http://localhost:11434/v1/"), "llama3.2", "deployment-key"), (fallback.ApiBase, fallback.ChatModel, fallback.ApiKey));
        // A workspace's endpoint never receives the deployment's key.
        Assert.Equal((new Uri("https://api.openai.com/v1/"), "gpt-4o-mini", null), (workspace.ApiBase, workspace.ChatModel, workspace.ApiKey));
        Assert.DoesNotContain("deployment-key", fallback.ToString(), StringComparison.Ordinal);
        Assert.Same(factory.GetClients(own), factory.GetClients(own with { }));
        Assert.False(factory.GetClients(own).IsOffline);
    }
}

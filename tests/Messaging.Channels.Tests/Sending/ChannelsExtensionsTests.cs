using Messaging.Channels.Meta;
using Messaging.Channels.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messaging.Channels.Tests.Sending;

public sealed class ChannelsExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddChannels(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Clients_resolve_with_options_from_configuration()
    {
        using var services = Build(new()
        {
            ["Channels:Meta:BaseUrl"] = "http://127.0.0.1:5099/",
            ["Channels:Meta:ApiVersion"] = "v21.0",
            ["Channels:Twilio:BaseUrl"] = "http://127.0.0.1:5098/",
        });

        Assert.NotNull(services.GetRequiredService<MetaCloudApiClient>());
        Assert.NotNull(services.GetRequiredService<TwilioApiClient>());
        Assert.Equal("v21.0", services.GetRequiredService<IOptions<MetaCloudApiOptions>>().Value.ApiVersion);
        Assert.Equal(new Uri("http://127.0.0.1:5098/"), services.GetRequiredService<IOptions<TwilioApiOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void Defaults_point_at_the_real_providers()
    {
        using var services = Build([]);
        Assert.Equal(new Uri("https://graph.facebook.com/"), services.GetRequiredService<IOptions<MetaCloudApiOptions>>().Value.BaseUrl);
        Assert.Equal(new Uri("https://api.twilio.com/"), services.GetRequiredService<IOptions<TwilioApiOptions>>().Value.BaseUrl);
    }

    [Theory]
    [InlineData("Channels:Meta:ApiVersion", "23")]
    [InlineData("Channels:Meta:BaseUrl", "ftp://graph.example.com/")]
    [InlineData("Channels:Twilio:Timeout", "01:00:00")]
    public void Absurd_settings_are_refused(string key, string value)
    {
        using var services = Build(new() { [key] = value });
        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<MetaCloudApiOptions>>().Value;
            _ = services.GetRequiredService<IOptions<TwilioApiOptions>>().Value;
        });
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Messaging.AppHost.Demo;

/// <summary>Runs the demo seed when Admin and Billing are healthy and shows its progress as the state of the demo resource.</summary>
internal sealed partial class DemoSeeder(
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime,
    DemoSeedResource demo,
    DemoLogin login,
    ProjectResource admin,
    ProjectResource billing,
    ProjectResource sandbox,
    ServiceCredentials credentials,
    bool platformApp) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = logs.GetLogger(demo);
        try
        {
            await notifications.WaitForResourceHealthyAsync(admin.Name, stoppingToken).ConfigureAwait(false);
            await notifications.WaitForResourceHealthyAsync(billing.Name, stoppingToken).ConfigureAwait(false);
            await notifications.WaitForResourceHealthyAsync(sandbox.Name, stoppingToken).ConfigureAwait(false);
            await Publish(KnownResourceStates.Running, KnownResourceStateStyles.Info).ConfigureAwait(false);

            using var adminClient = new HttpClient { BaseAddress = new Uri(admin.GetEndpoint("http").Url), DefaultRequestHeaders = { Authorization = credentials.AppHostHeader } };
            using var billingClient = new HttpClient { BaseAddress = new Uri(billing.GetEndpoint("http").Url), DefaultRequestHeaders = { Authorization = credentials.AppHostHeader } };
            using (var sandboxClient = new HttpClient { BaseAddress = new Uri(sandbox.GetEndpoint("http").Url) })
            {
                await DemoAccounts.RegisterTemplatesAsync(sandboxClient, stoppingToken).ConfigureAwait(false);
            }
            var ids = new List<ResourcePropertySnapshot>();
            foreach (var business in DemoBusiness.All)
            {
                var (id, created) = await DemoWorkspace.SeedAsync(adminClient, billingClient, business, login, platformApp, stoppingToken).ConfigureAwait(false);
                if (created)
                {
                    LogSeeded(log, business.Slug, id);
                }
                else
                {
                    LogAlreadyThere(log, business.Slug, id);
                }
                ids.Add(new(business.Slug == DemoWorkspace.Slug ? "workspace id" : business.Slug + " id", id));
            }
            await notifications.PublishUpdateAsync(demo, s => s with
            {
                State = new(KnownResourceStates.Finished, KnownResourceStateStyles.Success),
                ExitCode = 0,
                Properties = [.. s.Properties, .. ids],
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
        {
            LogFailed(log, e.Message);
            await Publish(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error).ConfigureAwait(false);
        }
    }

    Task Publish(string state, string style) => notifications.PublishUpdateAsync(demo, s => s with { State = new(state, style) });

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo workspace '{Slug}' ({Id})")]
    static partial void LogSeeded(ILogger logger, string slug, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "The demo workspace '{Slug}' is already there ({Id})")]
    static partial void LogAlreadyThere(ILogger logger, string slug, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seeding the demo workspace failed: {Reason}")]
    static partial void LogFailed(ILogger logger, string reason);
}

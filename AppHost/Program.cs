using Messaging.AppHost;
using Messaging.AppHost.Demo;
using Messaging.AppHost.Infrastructure;
using Messaging.AppHost.Mail;
using Messaging.AppHost.Platform;
using Messaging.AppHost.Servers;
using Messaging.AppHost.Summary;
using Messaging.AppHost.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
LocalRunSettings settings;
Infrastructure infrastructure;
try
{
    settings = LocalRunSettings.Read(builder.Configuration, builder.AppHostDirectory);
    builder.Services.AddSingleton(DataDirectoryLock.Acquire(settings.DataDirectory));
    infrastructure = builder.AddInfrastructure(settings);
}
catch (InvalidSettingException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LocalRunSettings.Usage);
    return 2;
}
catch (MissingServerException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var credentials = ServiceCredentials.Create(builder, settings.DataDirectory, ServicesExtensions.Names(settings));
var services = builder.AddServices(settings, infrastructure, credentials);
var demoPlatformApp = builder.AddPlatformMetaApp(settings, services);
builder.AddMailSink(services.Single(s => s.Resource.Name == "admin"), settings.DataDirectory);
if (settings.Demo)
{
    builder.AddDemoWorkspace(services.Single(s => s.Resource.Name == "admin"), services.Single(s => s.Resource.Name == "billing"), services.Single(s => s.Resource.Name == "sandbox"),
        DemoLogin.ReadOrCreate(settings.DataDirectory), credentials, demoPlatformApp);
}
builder.Services.AddSingleton(credentials);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<ServiceSupervisor>();
// First of the hosted services: the orchestrator's own start waits for resources, and a crash during it must already be seen.
builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<ServiceSupervisor>()));
builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<StartupSummary>(sp, Console.Out));

await builder.Build().RunAsync();
return Environment.ExitCode;

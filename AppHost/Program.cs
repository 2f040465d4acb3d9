using System.Runtime.InteropServices;
using Messaging.AppHost;
using Messaging.AppHost.Demo;
using Messaging.Hosting.Servers;

var settings = AppHostSettings.Parse(args, Environment.GetEnvironmentVariable);
if (settings.Error is not null)
{
    Console.Error.WriteLine(settings.Error);
    Console.Error.WriteLine(AppHostSettings.Usage);
    return 2;
}

await using var app = MessagingApp.CreateBuilder(settings.Options).Build();
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnStopSignal);

try
{
    await app.StartAsync(stop.Token);
    await DemoWorkspace.SeedAsync(app, stop.Token);
}
catch (MissingDependencyException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}
catch (OperationCanceledException)
{
    return 130;
}

app.Output.Block(Environment.NewLine + app.StatusTable());
var gateway = app.GetEndpoint("gateway");
app.Output.System($"Messaging is running. Public entry: {gateway} | admin console: {gateway}admin | phone simulator: {gateway}sandbox/ (demo workspace '{DemoWorkspace.Slug}'). Press Ctrl+C to stop.");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    app.Output.System("stopping...");
}
await app.StopAsync();
return 0;

void OnStopSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

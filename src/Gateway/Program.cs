using Gateway;
using Messaging.ServiceDefaults.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
// The gateway's health endpoints face the internet: healthy or not, nothing about what is behind it.
app.MapDefaultEndpoints(HealthDetail.StatusOnly);
app.MapGateway();
app.Run();

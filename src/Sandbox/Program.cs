using Sandbox;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSandbox();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSandbox();
app.Run();

using Agent;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgent();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAgent();
app.Run();

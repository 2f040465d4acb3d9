using Admin;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdmin();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAdmin();
app.Run();

using Admin;
using Admin.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdmin();
builder.AddTenancy();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAdmin();
app.MapTenancyApi();
app.Run();

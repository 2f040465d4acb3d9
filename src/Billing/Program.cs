using Billing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBilling();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapBillingApi();
app.Run();

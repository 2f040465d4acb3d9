namespace Admin.Email;

public static class EmailExtensions
{
    public static IHostApplicationBuilder AddConsoleEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MailSender>();
        return builder;
    }
}

namespace Messaging.AppHost.Mail;

internal static class MailSinkExtensions
{
    public const string ResourceName = "mail";

    /// <summary>
    /// smtp4dev (the repository's dotnet tool, <c>dotnet tool restore</c>) as the local run's mail
    /// sink: Admin sends invitations, password resets and alerts to its SMTP port on loopback, and
    /// its web page shows every message, so no mail account is needed. Messages live in memory.
    /// Admin does not wait for it: email is best effort and the console shows every link it mails.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddMailSink(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> admin, string dataDirectory)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var appData = Path.Combine(dataDirectory, "mail");
        Directory.CreateDirectory(appData);
        var mail = builder.AddExecutable(ResourceName, "dotnet", repositoryRoot, "tool", "run", "smtp4dev", "--")
            .WithHttpEndpoint(name: "http")
            .WithEndpoint(name: "smtp", scheme: "tcp")
            .WithEndpoint(name: "imap", scheme: "tcp")
            .WithEndpoint(name: "pop3", scheme: "tcp");
        mail.WithArgs(context =>
            {
                context.Args.Add(ReferenceExpression.Create($"--urls=http://127.0.0.1:{mail.GetEndpoint("http").Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create($"--smtpport={mail.GetEndpoint("smtp").Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create($"--imapport={mail.GetEndpoint("imap").Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create($"--pop3port={mail.GetEndpoint("pop3").Property(EndpointProperty.TargetPort)}"));
                context.Args.Add("--bindaddress=127.0.0.1");
                context.Args.Add("--hostname=127.0.0.1");
                context.Args.Add("--db=");
                context.Args.Add("--nousersettings");
                context.Args.Add("--baseappdatapath=" + appData);
            })
            .WithHttpHealthCheck("/api/messages")
            .WithIconName("Mail");
        admin.WithEnvironment("Email__SmtpHost", "127.0.0.1")
            .WithEnvironment("Email__SmtpPort", mail.GetEndpoint("smtp").Property(EndpointProperty.Port))
            .WithEnvironment("Email__From", "console@messaging.local");
        return mail;
    }
}

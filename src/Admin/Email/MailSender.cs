using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Admin.Email;

/// <summary>Sends the console's emails over SMTP with MailKit; a failure is logged and reported, never thrown at the operator.</summary>
public sealed partial class MailSender(IOptions<EmailOptions> options, ILogger<MailSender> logger)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.SmtpHost);

    /// <summary>True when the server accepted the message.</summary>
    public async Task<bool> SendAsync(string toAddress, string subject, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!IsConfigured)
        {
            LogNotConfigured(logger, subject);
            return false;
        }
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(MailboxAddress.Parse(toAddress));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        try
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, settings.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            LogSent(logger, subject);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or MailKit.ProtocolException or MailKit.CommandException or SslHandshakeException)
        {
            LogFailed(logger, subject, settings.SmtpHost!, settings.SmtpPort, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email '{Subject}' not sent: no SMTP server is configured (Email:SmtpHost)")]
    static partial void LogNotConfigured(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email '{Subject}' sent")]
    static partial void LogSent(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email '{Subject}' not sent: SMTP {Host}:{Port} failed: {Reason}")]
    static partial void LogFailed(ILogger logger, string subject, string host, int port, string reason);
}

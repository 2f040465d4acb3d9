using System.ComponentModel.DataAnnotations;

namespace Admin.Email;

/// <summary>
/// SMTP for the console's emails (section <c>Email</c>). Without a host nothing is sent and the
/// console shows the link it would have mailed, so a deployment without mail still works.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    /// <summary>STARTTLS when the server offers it; false only for a local mail sink.</summary>
    public bool UseTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Required, EmailAddress]
    public string From { get; set; } = "console@messaging.local";

    public string FromName { get; set; } = "Messaging";
}

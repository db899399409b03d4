namespace Relance.Delivery;

/// <summary>TLS mode of the SMTP connection (maps to MailKit's SecureSocketOptions).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The one mapping to MailKit, for the SMTP sender and the reply mailbox's IMAP reader alike.</summary>
public static class SmtpSecurityExtensions
{
    public static MailKit.Security.SecureSocketOptions ToMailKit(this SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => MailKit.Security.SecureSocketOptions.None,
        SmtpSecurity.StartTls => MailKit.Security.SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => MailKit.Security.SecureSocketOptions.SslOnConnect,
        _ => MailKit.Security.SecureSocketOptions.Auto,
    };
}

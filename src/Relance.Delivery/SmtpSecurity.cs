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

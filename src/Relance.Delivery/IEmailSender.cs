namespace Relance.Delivery;

/// <summary>Delivers reminder e-mails.</summary>
public interface IEmailSender
{
    /// <summary>True when sending the same message twice has no visible effect (so an unconfirmed send may be repeated).</summary>
    bool IsIdempotent { get; }

    /// <summary>Sends the message and returns a short description of where it went (no body, no secrets).</summary>
    Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

namespace Relance.Delivery;

/// <summary>Where Relance's own e-mails go.</summary>
public enum DeliveryMode
{
    /// <summary>Written as .eml files to the outbox folder (demo, dry runs).</summary>
    Outbox,

    /// <summary>Sent to an SMTP server.</summary>
    Smtp,
}

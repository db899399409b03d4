using System.ComponentModel.DataAnnotations;

namespace Relance.Delivery;

/// <summary>Bound from <c>Relance:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Relance:Delivery";

    /// <summary><value>The default value is <see cref="DeliveryMode.Outbox"/>: nothing leaves the machine until SMTP is configured.</value></summary>
    public DeliveryMode Mode { get; set; } = DeliveryMode.Outbox;

    /// <summary><value>The default value is "data/outbox".</value></summary>
    [Required]
    public string OutboxDirectory { get; set; } = "data/outbox";

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Bound from <c>Relance:Delivery:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;
}

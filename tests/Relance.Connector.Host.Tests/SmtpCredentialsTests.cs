using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Relance.Delivery;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

[Trait("Suite", "Hostile")]
public sealed class SmtpCredentialsTests
{
    private const string Password = "s3cret-smtp-password-7731";

    [Fact]
    public async Task Auto_security_never_sends_the_password_to_a_server_without_tls()
    {
        await using var smtp = SmtpTestServer.Start(plainAuthWithoutTls: true);
        var sender = Sender(smtp, SmtpSecurity.Auto);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => sender.SendAsync(Message(), CancellationToken.None));

        Assert.False(error.MaybeSent);
        Assert.Contains("offers no TLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("Relance:Delivery:Smtp:Security", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(smtp.Logins);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Security_none_is_the_explicit_choice_that_allows_a_plain_login_to_a_local_relay()
    {
        await using var smtp = SmtpTestServer.Start(plainAuthWithoutTls: true);

        await Sender(smtp, SmtpSecurity.None).SendAsync(Message(), CancellationToken.None);

        Assert.Equal(("relance", Password), Assert.Single(smtp.Logins));
        Assert.Single(smtp.Messages);
    }

    private static SmtpEmailSender Sender(SmtpTestServer smtp, SmtpSecurity security) => new(
        Options.Create(new DeliveryOptions
        {
            Mode = DeliveryMode.Smtp,
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, Security = security, UserName = "relance", Password = Password },
        }),
        TimeProvider.System,
        NullLogger<SmtpEmailSender>.Instance);

    private static EmailMessage Message() =>
        new("act-1", new MailAddressInfo("ACME", "compta@acme.example"), ["client@example.com"], "Rappel", "Bonjour");
}

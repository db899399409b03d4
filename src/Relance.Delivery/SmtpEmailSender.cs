using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Relance.Delivery;

/// <summary>Sends through an SMTP server with MailKit. Not idempotent: a repeated send is a second e-mail.</summary>
public sealed partial class SmtpEmailSender(IOptions<DeliveryOptions> options, TimeProvider timeProvider, ILogger<SmtpEmailSender> logger, ISmtpAccessTokens? tokens = null) : IEmailSender
{
    // Same name as the engine's source: one subscription ("Relance") gets runs and the SMTP calls within them.
    private static readonly System.Diagnostics.ActivitySource Telemetry = new("Relance");

    public bool IsIdempotent => false;

    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value.Smtp;

        // The relay and the number of recipients, never who they are.
        using var activity = Telemetry.StartActivity("relance.smtp.send", System.Diagnostics.ActivityKind.Client)
            ?.SetTag("server.address", smtp.Host).SetTag("server.port", smtp.Port).SetTag("relance.recipients", message.To.Count);
        using var mime = MimeMessageFactory.Create(message, timeProvider.GetUtcNow());
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };

        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security.ToMailKit(), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                // Auto falls back to a plain connection when the server offers no STARTTLS: the password must not follow.
                if (!client.IsSecure && smtp.Security != SmtpSecurity.None)
                {
                    throw new DeliveryException(
                        $"SMTP {smtp.Host}:{smtp.Port} offers no TLS (no STARTTLS), so the password was not sent. Use the server's TLS port (Relance:Delivery:Smtp:Port 465 or 587 with Security StartTls), or set Relance:Delivery:Smtp:Security to None explicitly for a trusted local relay.",
                        maybeSent: false) { RelayFailure = true };
                }

                if (smtp.OAuth2.Enabled)
                {
                    var token = await AccessTokenAsync(smtp, cancellationToken);
                    await client.AuthenticateAsync(new SaslMechanismOAuth2(smtp.UserName, token), cancellationToken);
                }
                else
                {
                    await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DeliveryException)
        {
            // Nothing was handed over yet: safe to retry later.
            throw new DeliveryException($"SMTP {smtp.Host}:{smtp.Port} unreachable or refused the login: {ex.Message}", maybeSent: false, ex) { RelayFailure = true };
        }

        string response;
        try
        {
            response = await client.SendAsync(mime, cancellationToken);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted)
        {
            throw new DeliveryException($"SMTP server refused the envelope ({ex.StatusCode}): {ex.Message}", maybeSent: false, ex);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.MessageNotAccepted)
        {
            throw new DeliveryException($"SMTP server refused the message ({ex.StatusCode}): {ex.Message}", maybeSent: false, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection broke while the message was in flight: the server may or may not have queued it.
            throw new DeliveryException($"SMTP send to {smtp.Host}:{smtp.Port} interrupted: {ex.Message}", maybeSent: true, ex);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDisconnectFailed(logger, ex, smtp.Host);
        }

        return $"smtp {smtp.Host}: {response}";
    }

    private async Task<string> AccessTokenAsync(SmtpOptions smtp, CancellationToken cancellationToken)
    {
        if (tokens is null)
        {
            throw new DeliveryException($"{DeliveryOptions.SectionName}:Smtp:OAuth2 is set but no token source is registered (AddRelanceCore registers Azure.Identity's).", maybeSent: false) { RelayFailure = true };
        }

        try
        {
            return await tokens.GetAsync(smtp.OAuth2, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing was handed over: the message is not sent, and the relay is what failed.
            throw new DeliveryException($"No access token for SMTP {smtp.Host} ({DeliveryOptions.SectionName}:Smtp:OAuth2, scope {smtp.OAuth2.Scope}): {ex.Message}", maybeSent: false, ex) { RelayFailure = true };
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Disconnect from SMTP server {Host} failed after a successful send")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception, string? host);
}

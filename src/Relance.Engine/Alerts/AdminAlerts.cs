using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relance.Delivery;
using Relance.Engine.Configuration;
using Relance.Engine.Connections;
using Relance.Ledger;

namespace Relance.Engine.Alerts;

/// <summary>
/// Tells the admin that a connection needs them. The same alert goes out at most once a day per connection (the
/// ledger remembers it), so a job firing every 30 minutes does not flood the mailbox.
/// </summary>
public sealed partial class AdminAlerts(
    IOptionsMonitor<RelanceOptions> options,
    IEmailSender email,
    IDunningLedger ledger,
    RelanceClock clock,
    ILogger<AdminAlerts> logger)
{
    /// <returns>True when an e-mail went out.</returns>
    public async Task<bool> NotifyAsync(string connection, string problem, CancellationToken cancellationToken)
    {
        LogNeedsAdmin(logger, connection, problem);

        // Counted before any mail: where the mail itself is down, the metric still tells.
        Telemetry.RelanceTelemetry.AlertRaised(connection);
        var alerts = options.CurrentValue.Alerts;
        if (alerts.To.Count == 0)
        {
            return false;
        }

        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ProblemKey(problem))))[..16];
        var key = $"alert:{connection}:{digest}";
        var today = clock.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (await ledger.GetValueAsync(key, cancellationToken) == today)
        {
            return false;
        }

        try
        {
            await email.SendAsync(
                new EmailMessage(
                    $"alert-{connection}-{digest}-{today}",
                    new MailAddressInfo("Relance", alerts.From),
                    alerts.To,
                    $"[Relance] Connection '{connection}' needs an admin",
                    $"Relance stopped working on connection '{connection}':\n\n{problem}\n\nOther connections go on. This alert is repeated once a day while the problem lasts."),
                cancellationToken);
            await ledger.SetValueAsync(key, today, cancellationToken);
            return true;
        }
        catch (DeliveryException ex)
        {
            LogAlertFailed(logger, ex, connection);
            return false;
        }
    }

    /// <summary>
    /// The problem without what changes from one request to the next (Intuit's intuit_tid, request ids, times,
    /// counts): the same trouble is one alert a day, a different one is a new alert.
    /// </summary>
    internal static string ProblemKey(string problem) => VaryingParts().Replace(problem, "#");

    [GeneratedRegex(@"[0-9A-Fa-f]{8}(?:-?[0-9A-Fa-f]{4}){3}-?[0-9A-Fa-f]{12}|[0-9A-Fa-f]{16,}|\d+", RegexOptions.CultureInvariant)]
    private static partial Regex VaryingParts();

    [LoggerMessage(Level = LogLevel.Critical, Message = "Connection {Connection} needs an admin: {Problem}")]
    private static partial void LogNeedsAdmin(ILogger logger, string connection, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection {Connection}: the admin alert could not be sent")]
    private static partial void LogAlertFailed(ILogger logger, Exception exception, string connection);
}

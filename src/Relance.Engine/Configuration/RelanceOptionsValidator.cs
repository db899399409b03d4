using Relance.Domain.Law;
using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Relance.Connectors;
using Relance.Delivery;
using Relance.Engine.Connections;

namespace Relance.Engine.Configuration;

/// <summary>Checks the whole <c>Relance</c> section at start; every message names the key path it is about.</summary>
public sealed class RelanceOptionsValidator(ConnectorCatalog catalog, IConfiguration configuration, ReminderRenderer renderer, IEnumerable<KnownConfigurationSection> sections) : IValidateOptions<RelanceOptions>
{
    private const string Root = RelanceOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RelanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        errors.AddRange(StrictProblems());
        errors.AddRange(SecretProblems());
        foreach (var (policyName, policy) in options.Policies)
        {
            ValidatePolicy($"{Root}:Policies:{policyName}", policy, errors);
        }

        if (!options.Policies.ContainsKey("default"))
        {
            ValidatePolicy($"{Root}:Policies:default (built-in)", PolicyOptions.Default(), errors);
        }

        try
        {
            RateTableLoader.Load(options.Law.RatesFile);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{Root}:Law:RatesFile: {ex.Message}");
        }

        foreach (var (connectionName, connection) in options.Connections)
        {
            ValidateConnection(connectionName, connection, options, errors);
        }

        if (options.Webhooks.Enabled && !(Uri.TryCreate(options.Webhooks.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            errors.Add($"{Root}:Webhooks:Url: '{options.Webhooks.Url}' is not an http(s) address to listen on, like http://127.0.0.1:5080.");
        }

        if (options.Alerts.Language is { } alertLanguage && alertLanguage is not ("fr" or "en"))
        {
            errors.Add($"{Root}:Alerts:Language: '{alertLanguage}' is not fr or en.");
        }

        if (options.ShutdownTimeoutSeconds is < 10 or > 3600)
        {
            errors.Add($"{Root}:ShutdownTimeoutSeconds: {options.ShutdownTimeoutSeconds} is not between 10 and 3600.");
        }

        if (options.AliveMinutes is < 0 or > 1440)
        {
            errors.Add($"{Root}:AliveMinutes: {options.AliveMinutes} is not between 0 and 1440.");
        }

        if (options.Language is { } language && language is not ("fr" or "en"))
        {
            errors.Add($"{Root}:Language: '{language}' is not fr or en.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.Alerts.TimeZone, out _))
        {
            errors.Add($"{Root}:Alerts:TimeZone: '{options.Alerts.TimeZone}' is not a known time zone (use an IANA id such as Europe/Paris).");
        }

        foreach (var (index, address) in options.Alerts.To.Index())
        {
            if (!System.Net.Mail.MailAddress.TryCreate(address, out _))
            {
                errors.Add($"{Root}:Alerts:To:{index}: '{address}' is not an e-mail address.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// Every key under <c>Relance</c> against the class that reads it: a typo or a value of the wrong type is an error
    /// with its path, never a setting silently ignored (or a connection silently dropped by the binder).
    /// </summary>
    private IEnumerable<string> StrictProblems()
    {
        var root = configuration.GetSection(Root);
        var others = sections.ToDictionary(s => s.Key, s => s.Type, StringComparer.OrdinalIgnoreCase);
        bool Elsewhere(string path)
        {
            var parts = path.Split(':');
            return (parts.Length == 2 && others.ContainsKey(parts[1]))

                // A connection's Settings belong to its connector, which checks them against its own options.
                || (parts.Length == 4 && parts[1].Equals("Connections", StringComparison.OrdinalIgnoreCase) && parts[3].Equals("Settings", StringComparison.OrdinalIgnoreCase));
        }

        var problems = ConfigurationShape.Problems(root, typeof(RelanceOptions), Root, Elsewhere, others.Keys).ToList();
        foreach (var (key, type) in others.Where(o => o.Value is not null))
        {
            problems.AddRange(ConfigurationShape.Problems(root.GetSection(key), type!, $"{Root}:{key}"));
        }

        return problems;
    }

    private void ValidateConnection(string connectionName, ConnectionOptions connection, RelanceOptions options, List<string> errors)
    {
        var path = $"{Root}:Connections:{connectionName}";

        // The name goes into file names (alerts, locks), log lines and platform notes: letters, digits, - and _ only.
        if (connectionName.Length is 0 or > 64 || !connectionName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{path}: a connection name is 1 to 64 letters, digits, '-' or '_' (rename '{Sync.RecordChecks.Printable(connectionName, 64)}').");
        }

        errors.AddRange(CompanyChecks.Problems(connection.Company, $"{path}:Company"));

        if (connection.Country is { } country && !(country.Trim().Length == 2 && country.Trim().All(char.IsAsciiLetter)))
        {
            errors.Add($"{path}:Country: '{Sync.RecordChecks.Printable(country, 20)}' is not a two-letter country code (ISO 3166-1 alpha-2, like FR, GB or US).");
        }

        // A law taken from the country, not stated, must not contradict the rest of the connection: a French company's
        // connection on British holidays is more likely a wrong country than a wish, and the letters would cite the wrong law.
        if (connection.Law.Jurisdiction is null && connection.Jurisdiction is Jurisdiction.France or Jurisdiction.UnitedKingdom)
        {
            var expected = connection.Jurisdiction == Jurisdiction.France ? "fr" : "uk";
            if (!string.Equals(connection.Calendar, expected, StringComparison.OrdinalIgnoreCase) && !string.Equals(connection.Calendar, "none", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:Calendar: '{connection.Calendar}' contradicts Country {connection.Country!.ToUpperInvariant()}, whose law ({connection.Jurisdiction}) the letters would state. Set Calendar to '{expected}', or state Law:Jurisdiction explicitly if that is really what you want.");
            }
        }

        var factory = catalog.Find(connection.Connector);
        if (factory is null)
        {
            errors.Add(string.IsNullOrWhiteSpace(connection.Connector)
                ? $"{path}:Connector: required (known types: {string.Join(", ", catalog.Types.Order())})."
                : $"{path}:Connector: unknown connector type '{connection.Connector}' (known types: {string.Join(", ", catalog.Types.Order())}; plugins load from {Root}:PluginsDirectory).");
        }

        if (!options.Policies.ContainsKey(connection.Policy) && !string.Equals(connection.Policy, "default", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{path}:Policy: no policy named '{connection.Policy}' under {Root}:Policies.");
        }

        if (!ConnectionFactory.TryParseWindow(connection.SendingWindow, out _, out _))
        {
            errors.Add($"{path}:SendingWindow: '{connection.SendingWindow}' is not a window like 09:00-18:00.");
        }

        if (Domain.Calendars.HolidayCalendars.Find(connection.Calendar) is null)
        {
            errors.Add($"{path}:Calendar: '{connection.Calendar}' is not a known calendar (fr, uk, none).");
        }

        foreach (var (target, policyName) in connection.CustomerPolicies)
        {
            if (!options.Policies.ContainsKey(policyName) && !string.Equals(policyName, "default", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:CustomerPolicies:{target}: no policy named '{policyName}' under {Root}:Policies.");
            }
        }

        if (connection.PaidHistoryMonths is < 0 or > 60)
        {
            errors.Add($"{path}:PaidHistoryMonths: {connection.PaidHistoryMonths} is not between 0 and 60.");
        }

        if (connection.Culture is { Length: > 0 } culture && connection.FormatCulture.Name.Length == 0)
        {
            errors.Add($"{path}:Culture: '{culture}' is not a culture name like fr-FR or en-GB.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(connection.TimeZone, out _))
        {
            errors.Add($"{path}:TimeZone: '{connection.TimeZone}' is not a known time zone (use an IANA id such as Europe/Paris).");
        }

        if (string.IsNullOrWhiteSpace(connection.Sender.Email) || !MailAddress.TryCreate(connection.Sender.Email, out _))
        {
            errors.Add($"{path}:Sender:Email: a valid e-mail address is required (reminders are sent from it).");
        }

        if (string.IsNullOrWhiteSpace(connection.Sender.Name))
        {
            errors.Add($"{path}:Sender:Name: required (signs the reminders).");
        }

        var settings = ConnectionFactory.SettingsSection(configuration, connectionName);
        if (factory is not null)
        {
            var context = new ConnectionContext(connectionName, settings, TimeProvider.System);
            errors.AddRange(factory.Validate(context).Select(e => $"{path}:Settings:{e}"));
        }
    }

    // A secret: value still there after binding was not resolved; sending it as a password would be the bug.
    private IEnumerable<string> SecretProblems()
    {
        if ((configuration as IConfigurationRoot)?.Providers.OfType<SecretReferenceProvider>().FirstOrDefault() is { } provider)
        {
            return provider.Problems();
        }

        return configuration.GetSection(Root).AsEnumerable()
            .Where(e => e.Value?.StartsWith(SecretReferenceSource.Prefix, StringComparison.Ordinal) == true && !e.Key.StartsWith(SecretReferenceProvider.SecretsSection + ":", StringComparison.OrdinalIgnoreCase))
            .Select(e => $"{e.Key}: refers to a secret, but this configuration does not resolve secret references (AddRelanceSecretReferences() was not called).");
    }

    private void ValidatePolicy(string path, PolicyOptions policy, List<string> errors)
    {
        if (policy.Steps.Count == 0)
        {
            errors.Add($"{path}:Steps: a policy needs at least one step.");
        }

        for (var i = 0; i < policy.Steps.Count; i++)
        {
            var step = policy.Steps[i];
            var stepPath = $"{path}:Steps:{i}";
            if (string.IsNullOrWhiteSpace(step.Name))
            {
                errors.Add($"{stepPath}:Name: required (it is part of the ledger key that prevents double sends).");
            }
            else if (policy.Steps.Take(i).Any(s => string.Equals(s.Name, step.Name, StringComparison.Ordinal)))
            {
                errors.Add($"{stepPath}:Name: '{step.Name}' is used by an earlier step.");
            }

            if (i > 0 && step.OffsetDays <= policy.Steps[i - 1].OffsetDays)
            {
                errors.Add($"{stepPath}:OffsetDays: {step.OffsetDays} must be greater than the previous step's {policy.Steps[i - 1].OffsetDays} (steps are listed in order).");
            }

            if (string.IsNullOrWhiteSpace(step.Template))
            {
                errors.Add($"{stepPath}:Template: required.");
            }
            else if (!renderer.Exists(step.Template))
            {
                errors.Add($"{stepPath}:Template: no template named '{step.Template}' (built-in: courtesy, friendly, firm, final, formal_notice, handoff; or add it to {TemplateOptions.SectionName}:Directory).");
            }
            else
            {
                // Render once per language now: an unknown variable or a file access fails here, not in a sent mail.
                var sample = Dunning.ReminderComposer.Sample();
                foreach (var language in new[] { "fr", "en" })
                {
                    foreach (var model in new[] { sample, sample with { Invoices = sample.Invoices.Take(1).ToList() } })
                    {
                        try
                        {
                            renderer.Render(step.Template, language, model);
                        }
                        catch (TemplateException ex)
                        {
                            errors.Add($"{stepPath}:Template: {ex.Message}");
                            break;
                        }
                    }
                }
            }

            if (step.RepeatEveryDays is { } every)
            {
                var next = i + 1 < policy.Steps.Count ? policy.Steps[i + 1] : null;
                if (every <= 0)
                {
                    errors.Add($"{stepPath}:RepeatEveryDays: must be positive.");
                }
                else if (next is not null && every >= next.OffsetDays - step.OffsetDays)
                {
                    errors.Add($"{stepPath}:RepeatEveryDays: {every} days overlaps the next step '{next.Name}' {next.OffsetDays - step.OffsetDays} days later, so it would never repeat.");
                }
            }
        }
    }
}

namespace Relance.Engine.Configuration;

/// <summary>The <c>Relance</c> section of appsettings.</summary>
public sealed class RelanceOptions
{
    public const string SectionName = "Relance";

    /// <summary>Where the embedded databases and the outbox live. <value>The default value is "data".</value></summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Folder scanned for third-party connector plugins. <value>The default value is "plugins".</value></summary>
    public string PluginsDirectory { get; set; } = "plugins";

    /// <summary>Connections by name; the name is used in logs, the ledger and the CLI.</summary>
    public Dictionary<string, ConnectionOptions> Connections { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Named escalation policies, shared by connections.</summary>
    public Dictionary<string, PolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public LawTableOptions Law { get; set; } = new();

    /// <summary>Optional Azure Key Vault holding the secrets referenced as <c>secret:NAME</c>.</summary>
    public KeyVaultOptions KeyVault { get; set; } = new();

    public CredentialStoreOptions CredentialStore { get; set; } = new();

    /// <summary>
    /// How long a stopping worker waits for a run in flight (its sends confirmed, its notes written) before it gives
    /// up. A service manager's stop timeout must be longer (systemd <c>TimeoutStopSec</c>). <value>The default value is 90.</value>
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 90;

    /// <summary>Text (one readable line per event, default) or Json (one JSON object per line, for a log collector).</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Text;

    /// <summary>Minutes between two "alive" lines of an idle worker; 0: none. <value>The default value is 60.</value></summary>
    public int AliveMinutes { get; set; } = 60;

    /// <summary>The admin's language for the CLI, the HTML report and the digest: fr or en. <value>The default value is the system's language when it is French, else English.</value></summary>
    public string? Language { get; set; }

    /// <summary>Who hears about connections that need an admin (re-authorisation, rejected credentials).</summary>
    public AlertOptions Alerts { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();
}

/// <summary>How the console log is written.</summary>
public enum LogFormat
{
    Text,
    Json,
}

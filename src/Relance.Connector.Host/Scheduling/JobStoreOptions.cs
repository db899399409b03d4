namespace Relance.Connector.Host.Scheduling;

/// <summary><c>Relance:Scheduling</c>: where Quartz keeps its jobs.</summary>
public sealed class JobStoreOptions
{
    public const string SectionName = "Relance:Scheduling";

    /// <summary>Sqlite (embedded, default) or Postgres (several hosts, Quartz clustering). A typo is an error, never SQLite by default.</summary>
    public JobStoreKind Store { get; set; } = JobStoreKind.Sqlite;

    /// <summary><value>The default value is a SQLite file in the data directory.</value></summary>
    public string? ConnectionString { get; set; }

    /// <summary>Unique per host in a cluster. <value>The default value is "AUTO".</value></summary>
    public string InstanceId { get; set; } = "AUTO";
}

/// <summary>Where Quartz keeps its jobs.</summary>
public enum JobStoreKind
{
    Sqlite,
    Postgres,
}

namespace Relance.Engine.Configuration;

/// <summary>
/// <c>Relance:CredentialStore</c>: where rotated credentials (OAuth refresh tokens) are kept. With
/// <c>Relance:KeyVault:Uri</c> set they go to the vault; otherwise see <see cref="Provider"/>.
/// </summary>
public sealed class CredentialStoreOptions
{
    /// <summary>
    /// Auto: the ledger database when it is PostgreSQL (hosts of a cluster must share the newest token), else a file.
    /// <value>The default value is Auto.</value>
    /// </summary>
    public CredentialStoreProvider Provider { get; set; } = CredentialStoreProvider.Auto;

    /// <summary>The JSON file of the File provider. <value>The default value is "credentials.json" in the data directory.</value></summary>
    public string? Path { get; set; }
}

public enum CredentialStoreProvider
{
    Auto,
    File,
    Ledger,
}

namespace Relance.Engine.Configuration;

/// <summary>
/// <c>Relance:CredentialStore</c>: where rotated credentials (OAuth refresh tokens) are kept. With
/// <c>Relance:KeyVault:Uri</c> set they go to the vault; otherwise to <see cref="Path"/>.
/// </summary>
public sealed class CredentialStoreOptions
{
    /// <summary>The JSON file. <value>The default value is "credentials.json" in the data directory.</value></summary>
    public string? Path { get; set; }
}

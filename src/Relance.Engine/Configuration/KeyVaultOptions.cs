namespace Relance.Engine.Configuration;

/// <summary><c>Relance:KeyVault</c>: when <see cref="Uri"/> is set, <c>secret:NAME</c> values are read from that vault.</summary>
public sealed class KeyVaultOptions
{
    public Uri? Uri { get; set; }
}

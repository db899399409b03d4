using Microsoft.Extensions.Configuration;

namespace Relance.Engine.Configuration;

/// <summary>
/// Added last to a configuration, it makes every <c>secret:NAME</c> value under <c>Relance</c> read as the secret
/// itself, wherever it is written: a connection's settings, the SMTP password, the ledger's connection string, the
/// job store's. One mechanism, so a credential setting added later is covered without anyone remembering to.
/// </summary>
public sealed class SecretReferenceSource : IConfigurationSource
{
    public const string Prefix = "secret:";

    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new SecretReferenceProvider(builder as IConfigurationRoot
            ?? throw new InvalidOperationException("Secret references need a live configuration (ConfigurationManager) to read the other sources from."));
}

public static class SecretReferenceConfigurationExtensions
{
    /// <summary>Resolves <c>secret:NAME</c> values under <c>Relance</c>; add it after every other source.</summary>
    public static IConfigurationBuilder AddRelanceSecretReferences(this IConfigurationBuilder builder) =>
        builder.Add(new SecretReferenceSource());
}

using Microsoft.Extensions.Configuration;

namespace Relance.Engine.Connections;

/// <summary>
/// Reads <c>Relance:Secrets:NAME</c> from configuration, which already layers user-secrets and environment
/// variables (<c>Relance__Secrets__NAME</c>), so secrets stay out of appsettings.json.
/// </summary>
public sealed class ConfigurationSecretResolver(IConfiguration configuration) : ISecretResolver
{
    public const string SectionName = "Relance:Secrets";

    public Task<string> ResolveAsync(string name, CancellationToken cancellationToken) =>
        configuration[$"{SectionName}:{name}"] is { Length: > 0 } value
            ? Task.FromResult(value)
            : throw new InvalidOperationException($"Secret '{name}' is not configured: set {SectionName}:{name} (user-secrets or environment variable Relance__Secrets__{name}) or configure Relance:KeyVault:Uri.");
}

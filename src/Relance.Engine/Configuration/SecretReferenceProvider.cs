using System.Collections.Concurrent;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;

namespace Relance.Engine.Configuration;

/// <summary>
/// Answers for a key only when the other sources hold <c>secret:NAME</c> there, with the secret's value, looked up in
/// this order: the environment variable <c>RELANCE_SECRET_NAME</c> (upper case, other characters as <c>_</c>, so
/// bash can export it), <c>Relance:Secrets:NAME</c> (user-secrets, appsettings, <c>Relance__Secrets__NAME</c>), then
/// the Key Vault at <c>Relance:KeyVault:Uri</c>. A reference it cannot resolve is left as written, and
/// <see cref="Problems"/> names it, so the start fails with the key instead of sending the reference as a password.
/// </summary>
public sealed class SecretReferenceProvider(IConfigurationRoot root) : ConfigurationProvider
{
    public const string SecretsSection = "Relance:Secrets";
    public const string EnvironmentPrefix = "RELANCE_SECRET_";

    private readonly ConcurrentDictionary<string, Lookup> resolved = new(StringComparer.Ordinal);
    private SecretClient? vault;

    public override bool TryGet(string key, out string? value)
    {
        value = null;
        if (!key.StartsWith("Relance:", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith(SecretsSection + ":", StringComparison.OrdinalIgnoreCase)
            || Raw(key) is not { } raw
            || !raw.StartsWith(SecretReferenceSource.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        value = Resolve(raw[SecretReferenceSource.Prefix.Length..]).Value ?? raw;
        return true;
    }

    // The keys are the other sources' keys: this one only changes values.
    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) => earlierKeys;

    /// <summary>Every reference under <c>Relance</c> that could not be resolved, as "key: why" lines.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (key, raw) in RawReferences(root.GetSection("Relance")))
        {
            var name = raw[SecretReferenceSource.Prefix.Length..];
            if (Resolve(name) is { Value: null } failed)
            {
                yield return $"{key}: refers to secret '{name}', {failed.Why}";
            }
        }
    }

    /// <summary>The environment variable that holds the secret <paramref name="name"/>.</summary>
    public static string EnvironmentVariable(string name) =>
        EnvironmentPrefix + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_').ToArray());

    private IEnumerable<(string Key, string Raw)> RawReferences(IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            if (child.Path.Equals(SecretsSection, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (Raw(child.Path) is { } raw && raw.StartsWith(SecretReferenceSource.Prefix, StringComparison.Ordinal))
            {
                yield return (child.Path, raw);
            }

            foreach (var nested in RawReferences(child))
            {
                yield return nested;
            }
        }
    }

    // What the other sources say, the last one added winning as it does in the configuration itself.
    private string? Raw(string key)
    {
        for (var i = root.Providers.Count() - 1; i >= 0; i--)
        {
            var provider = root.Providers.ElementAt(i);
            if (!ReferenceEquals(provider, this) && provider.TryGet(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private Lookup Resolve(string name) => resolved.GetOrAdd(name, Find);

    private Lookup Find(string name)
    {
        var variable = EnvironmentVariable(name);
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
        {
            return new(fromEnvironment, null);
        }

        if (name.Length > 0 && Raw($"{SecretsSection}:{name}") is { Length: > 0 } fromConfiguration)
        {
            return new(fromConfiguration, null);
        }

        var where = $"which is not set: export {variable}=…, or set {SecretsSection}:{name} (dotnet user-secrets, or the environment variable Relance__Secrets__{name})";
        if (!Uri.TryCreate(Raw("Relance:KeyVault:Uri"), UriKind.Absolute, out var vaultUri))
        {
            return new(null, where + ", or configure a Key Vault (Relance:KeyVault:Uri is not set).");
        }

        try
        {
            vault ??= new SecretClient(vaultUri, new DefaultAzureCredential());
            return new(vault.GetSecret(name).Value.Value, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new(null, $"{where}; the Key Vault {vaultUri.Host} has no secret of that name.");
        }
        catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException or ArgumentException)
        {
            // The vault's own words (an Azure message holds no secret value), cut to one line.
            return new(null, $"which the Key Vault {vaultUri.Host} did not give: {Shorten(Relance.Connectors.PlatformText.OneLine(ex.Message))}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..199] + "…";

    private sealed record Lookup(string? Value, string? Why);
}

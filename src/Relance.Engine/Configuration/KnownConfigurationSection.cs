namespace Relance.Engine.Configuration;

/// <summary>
/// A section under <c>Relance</c> bound by another options class (<c>Relance:Delivery</c>, <c>Relance:Ledger</c>…):
/// registered by the module that binds it, so the strict check of the configuration knows every key Relance reads.
/// </summary>
/// <param name="Key">The key directly under <c>Relance</c>.</param>
/// <param name="Type">The options class, or null for a section of free names (<c>Relance:Secrets</c>).</param>
public sealed record KnownConfigurationSection(string Key, Type? Type);

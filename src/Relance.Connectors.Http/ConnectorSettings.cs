using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Relance.Connectors.Http;

/// <summary>Binds and validates a connection's <c>Settings</c> section into a connector's options class.</summary>
public static class ConnectorSettings
{
    public static T Bind<T>(ConnectionContext context)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new T();
        context.Settings.Bind(options);
        return options;
    }

    /// <summary>Data-annotation errors as "Setting: reason", plus the connector's own cross-field checks.</summary>
    public static IReadOnlyList<string> Validate<T>(ConnectionContext context, Func<T, IEnumerable<string>>? extra = null)
        where T : new()
    {
        // A misspelt setting ("BaseAdress") would leave the default in force: a test connection pointed at production.
        var shape = ConfigurationShape.Problems(context.Settings, typeof(T), "").Select(p => p.TrimStart(':')).ToList();
        if (shape.Count > 0)
        {
            return shape;
        }

        T options;
        try
        {
            options = Bind<T>(context);
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message];
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options!, new ValidationContext(options!), results, validateAllProperties: true);
        var errors = results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
        errors.AddRange(extra?.Invoke(options) ?? []);
        return errors;
    }
}

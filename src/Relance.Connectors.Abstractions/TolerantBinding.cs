using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Relance.Connectors;

/// <summary>
/// Binds an options class without letting one bad value throw: the start-up check (<see cref="ConfigurationShape"/>)
/// reports it with its key path, which a binder's exception, thrown first, would hide behind a stack trace.
/// </summary>
public static class TolerantBinding
{
    public static OptionsBuilder<T> BindTolerantly<T>(this OptionsBuilder<T> builder, string section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configure<IConfiguration>((options, configuration) =>
        {
            try
            {
                configuration.GetSection(section).Bind(options);
            }
            catch (InvalidOperationException)
            {
                // Reported, with the key, by the check of the whole configuration that fails the start.
            }
        });
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Relance.Connectors;

/// <summary>
/// Implemented once by a plugin assembly: the host finds it in the plugins folder, creates it with its
/// parameterless constructor and lets it register its <see cref="IConnectorFactory"/> and its services.
/// </summary>
public interface IConnectorModule
{
    void Register(IServiceCollection services, IConfiguration configuration);
}

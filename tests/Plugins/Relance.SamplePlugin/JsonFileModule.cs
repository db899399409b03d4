using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relance.Connectors;

namespace Relance.SamplePlugin;

/// <summary>Registers the "json-file" connector type.</summary>
public sealed class JsonFileModule : IConnectorModule
{
    public void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<IConnectorFactory, JsonFileConnectorFactory>();
}

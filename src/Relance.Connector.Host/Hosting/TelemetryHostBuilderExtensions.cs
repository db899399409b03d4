using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Relance.Engine.Configuration;
using Relance.Engine.Telemetry;

namespace Relance.Connector.Host.Hosting;

internal static class TelemetryHostBuilderExtensions
{
    /// <summary>
    /// OpenTelemetry when <c>Relance:Telemetry</c> asks for it: Relance's own source and meter, HttpClient calls (query
    /// values redacted by the instrumentation), the resilience pipeline's retries and breaker ("Polly"), and an OTLP
    /// exporter when an endpoint is set. Nothing is collected otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddRelanceTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new KnownConfigurationSection("Telemetry", typeof(TelemetryOptions)));
        TelemetryOptions options;
        try
        {
            options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        }
        catch (InvalidOperationException)
        {
            // A value that does not bind is reported by the start validation with its key path.
            return builder;
        }

        if (!options.Enabled && options.OtlpEndpoint is null)
        {
            return builder;
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("relance", serviceVersion: StartBanner.Version))
            .WithTracing(t => t.AddSource(RelanceTelemetry.Name).AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddMeter(RelanceTelemetry.Name, "Polly").AddHttpClientInstrumentation());
        if (options.OtlpEndpoint is { } endpoint)
        {
            void Configure(OtlpExporterOptions o)
            {
                o.Endpoint = endpoint;
                o.Protocol = options.Protocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            }

            otel.WithTracing(t => t.AddOtlpExporter(Configure)).WithMetrics(m => m.AddOtlpExporter(Configure));
        }

        return builder;
    }
}

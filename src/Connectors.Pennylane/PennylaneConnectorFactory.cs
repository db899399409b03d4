using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Refit;
using Relance.Connectors.Pennylane.Internal;

namespace Relance.Connectors.Pennylane;

/// <summary>Builds one <see cref="PennylaneConnector"/> per connection on the shared, resilient HTTP pipeline.</summary>
internal sealed class PennylaneConnectorFactory(IHttpMessageHandlerFactory handlers, ILoggerFactory loggerFactory) : IConnectorFactory
{
    private static readonly RefitSettings RefitSettings = new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        }),
    };

    public ConnectorDescriptor Descriptor => Describe();

    public static ConnectorDescriptor Describe() => new(
        PennylaneConstants.ConnectorType,
        "Pennylane",
        ConnectorCapabilities.NativeSend | ConnectorCapabilities.Notes | ConnectorCapabilities.IncrementalSync,
        PennylaneConstants.DocumentationUrl);

    public IEnumerable<string> Validate(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PennylaneOptions options;
        try
        {
            options = Bind(context);
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message];
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var errors = results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
        if (!options.BaseAddress.IsAbsoluteUri)
        {
            errors.Add("BaseAddress: must be an absolute URL.");
        }

        return errors;
    }

    public IInvoiceConnector Create(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = Bind(context);

        // The factory's handler carries resilience and rate limiting; the per-connection auth handler wraps it.
        var pipeline = new PennylaneAuthHandler(options) { InnerHandler = handlers.CreateHandler(PennylaneConstants.HttpClientName) };
        var baseAddress = options.BaseAddress.ToString().TrimEnd('/');
        var http = new HttpClient(pipeline, disposeHandler: false) { BaseAddress = new Uri(baseAddress), Timeout = Timeout.InfiniteTimeSpan };
        var api = RestService.For<IPennylaneApi>(http, RefitSettings);
        return new PennylaneConnector(api, options, context, loggerFactory.CreateLogger<PennylaneConnector>());
    }

    private static PennylaneOptions Bind(ConnectionContext context)
    {
        var options = new PennylaneOptions();
        context.Settings.Bind(options);
        return options;
    }
}

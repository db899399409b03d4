using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Refit;
using Relance.Connectors.Axonaut.Internal;

namespace Relance.Connectors.Axonaut;

/// <summary>Builds one <see cref="AxonautConnector"/> per connection on the shared, resilient HTTP pipeline.</summary>
internal sealed class AxonautConnectorFactory(IHttpMessageHandlerFactory handlers, AxonautRateLimiters limiters, ILoggerFactory loggerFactory) : IConnectorFactory
{
    private static readonly RefitSettings RefitSettings = new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        }),
    };

    public ConnectorDescriptor Descriptor => Describe(nativeSend: false);

    public static ConnectorDescriptor Describe(bool nativeSend) => new(
        AxonautConstants.ConnectorType,
        "Axonaut",
        ConnectorCapabilities.Notes | ConnectorCapabilities.IncrementalSync | ConnectorCapabilities.PaymentLink | (nativeSend ? ConnectorCapabilities.NativeSend : ConnectorCapabilities.None),
        AxonautConstants.DocumentationUrl);

    public IEnumerable<string> Validate(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AxonautOptions options;
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
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            errors.Add($"TimeZone: '{options.TimeZone}' is not a known time zone.");
        }

        return errors;
    }

    public IInvoiceConnector Create(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = Bind(context);
        var pipeline = new AxonautAuthHandler(options, limiters) { InnerHandler = handlers.CreateHandler(AxonautConstants.HttpClientName) };
        var http = new HttpClient(pipeline, disposeHandler: false) { BaseAddress = new Uri(options.BaseAddress.ToString().TrimEnd('/')), Timeout = Timeout.InfiniteTimeSpan };
        return new AxonautConnector(RestService.For<IAxonautApi>(http, RefitSettings), options, context, loggerFactory.CreateLogger<AxonautConnector>());
    }

    private static AxonautOptions Bind(ConnectionContext context)
    {
        var options = new AxonautOptions();
        context.Settings.Bind(options);
        return options;
    }
}

using Relance.Connectors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relance.Delivery;

namespace Microsoft.Extensions.DependencyInjection;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Registers templates and the e-mail sender chosen by <c>Relance:Delivery:Mode</c>.</summary>
    public static IServiceCollection AddRelanceDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindTolerantly(DeliveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddOptions<TemplateOptions>().BindTolerantly(TemplateOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReminderRenderer>();
        services.TryAddSingleton<OutboxEmailSender>();
        services.TryAddSingleton<SmtpEmailSender>();
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.Mode == DeliveryMode.Smtp
            ? sp.GetRequiredService<SmtpEmailSender>()
            : sp.GetRequiredService<OutboxEmailSender>());
        return services;
    }
}

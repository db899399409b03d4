using Microsoft.Extensions.Options;

namespace Relance.Delivery;

internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var errors = new List<string>();
        if (options.Mode == DeliveryMode.Smtp && string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            errors.Add($"{DeliveryOptions.SectionName}:Smtp:Host is required when {DeliveryOptions.SectionName}:Mode is Smtp.");
        }

        if (!string.IsNullOrEmpty(options.Smtp.UserName) && string.IsNullOrEmpty(options.Smtp.Password))
        {
            errors.Add($"{DeliveryOptions.SectionName}:Smtp:Password is required when {DeliveryOptions.SectionName}:Smtp:UserName is set.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

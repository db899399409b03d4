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

        var oauth = options.Smtp.OAuth2;
        var path = $"{DeliveryOptions.SectionName}:Smtp";
        if (oauth.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.Smtp.UserName))
            {
                errors.Add($"{path}:UserName is required with {path}:OAuth2: the mailbox the token logs in to (e.g. relances@example.fr).");
            }

            errors.AddRange(oauth.Problems(path, options.Smtp.Password));
        }
        else if (!string.IsNullOrEmpty(options.Smtp.UserName) && string.IsNullOrEmpty(options.Smtp.Password))
        {
            errors.Add($"{path}:Password is required when {path}:UserName is set (or configure {path}:OAuth2 to log in with a token).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

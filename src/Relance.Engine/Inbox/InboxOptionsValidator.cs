using Microsoft.Extensions.Options;

namespace Relance.Engine.Inbox;

/// <summary>Settings of <c>Relance:Inbox</c> that cannot log in, refused at start with their key.</summary>
internal sealed class InboxOptionsValidator : IValidateOptions<InboxOptions>
{
    public ValidateOptionsResult Validate(string? name, InboxOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var path = InboxOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.UserName))
        {
            errors.Add($"{path}:UserName is required: the mailbox that receives replies (the reminders' Reply-To).");
        }

        if (options.OAuth2.Enabled)
        {
            errors.AddRange(options.OAuth2.Problems(path, options.Password));
        }
        else if (string.IsNullOrEmpty(options.Password))
        {
            errors.Add($"{path}:Password is required with {path}:UserName (or configure {path}:OAuth2 to log in with a token).");
        }

        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            errors.Add($"{path}:Folder is empty: the folder that receives replies, usually INBOX.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

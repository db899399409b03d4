using Microsoft.Extensions.Options;

namespace Relance.Delivery;

/// <summary>Writes each reminder as <c>{actionId}.eml</c>: re-writing the same action overwrites the same file.</summary>
public sealed class OutboxEmailSender(IOptions<DeliveryOptions> options, TimeProvider timeProvider) : IEmailSender
{
    public bool IsIdempotent => true;

    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var directory = Path.GetFullPath(options.Value.OutboxDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, message.ActionId + ".eml");
        var temp = path + ".tmp";
        using (var mime = MimeMessageFactory.Create(message, timeProvider.GetUtcNow()))
        {
            await mime.WriteToAsync(temp, cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
        return $"outbox {Path.GetFileName(path)}";
    }
}

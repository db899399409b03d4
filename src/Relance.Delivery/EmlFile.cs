namespace Relance.Delivery;

/// <summary>Writes a message as an .eml file, exactly as it would be sent (used by previews).</summary>
public static class EmlFile
{
    public static async Task WriteAsync(EmailMessage message, DateTimeOffset date, string path, CancellationToken cancellationToken)
    {
        using var mime = MimeMessageFactory.Create(message, date);
        await mime.WriteToAsync(path, cancellationToken);
    }
}

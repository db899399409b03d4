using System.Text.Json;
using Refit;

namespace Relance.Connectors.Http;

/// <summary>Failures of mapping one record that are about its data, not about the connector or the network.</summary>
public static class BadRecords
{
    /// <summary>
    /// True for what a wrong, missing or out-of-range value makes .NET throw while a mapper reads it: the record is
    /// skipped with its id and the reason, and the read goes on with the others.
    /// </summary>
    public static bool IsBadData(Exception exception) => exception is FormatException or OverflowException or ArgumentException
        or InvalidOperationException or NullReferenceException or KeyNotFoundException or IndexOutOfRangeException or InvalidCastException;

    /// <summary>
    /// True when a single record's answer arrived but its JSON does not fit its type (Refit reports it as an
    /// <see cref="ApiException"/> around the serializer's error); <paramref name="reason"/> names the field.
    /// </summary>
    public static bool IsUnreadable(Exception exception, out string reason)
    {
        if (exception is ApiException { InnerException: JsonException json })
        {
            reason = Describe(json);
            return true;
        }

        reason = "";
        return false;
    }

    /// <summary>
    /// The field (the path inside the record) and what was wrong: the serializer's own message also carries a line
    /// and byte position of the whole body, useless to an admin.
    /// </summary>
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = exception.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') + ": " : "";
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return path + (cut > 0 ? message[..cut] : message);
    }
}

using System.Globalization;
using System.Text.Json;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>
/// Axonaut's spec types dates as strings with epoch examples, and live payloads have been seen as epoch numbers,
/// numeric strings and ISO-8601: accept all three.
/// </summary>
internal static class AxonautDates
{
    public static DateTimeOffset? ReadMoment(JsonElement value, string where, string field)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetInt64(out var seconds):
                return FromEpoch(seconds, value, where, field);
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length == 0)
                {
                    return null;
                }

                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
                {
                    return FromEpoch(epoch, value, where, field);
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
                {
                    return moment;
                }

                break;
        }

        throw new FormatException($"{where}: field {field} '{value.GetRawText()}' is not a date (epoch seconds or ISO-8601).");
    }

    // A millisecond timestamp read as seconds lands tens of thousands of years away: named, not thrown as a range error.
    private static DateTimeOffset FromEpoch(long seconds, JsonElement value, string where, string field) =>
        seconds is >= -62135596800 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new FormatException($"{where}: field {field} '{value.GetRawText()}' is out of range for epoch seconds (milliseconds?).");

    public static DateOnly? ReadDate(JsonElement value, TimeZoneInfo zone, string where, string field) =>
        ReadMoment(value, where, field) is { } moment ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime) : null;
}

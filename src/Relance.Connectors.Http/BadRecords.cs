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
}

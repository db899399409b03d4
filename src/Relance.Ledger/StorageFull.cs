using Microsoft.Data.Sqlite;

namespace Relance.Ledger;

/// <summary>
/// A full disk, told as such: SQLite's "database or disk is full" and the operating system's "no space left" say
/// neither which folder nor what to do, and a stack trace says less.
/// </summary>
public static class StorageFull
{
    private const int SqliteFull = 13;
    private const int UnixNoSpace = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    public static bool Is(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is SqliteException { SqliteErrorCode: SqliteFull } || ex is IOException { HResult: UnixNoSpace or WindowsDiskFull or WindowsHandleDiskFull })
            {
                return true;
            }

            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(Is))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The admin's sentence when <paramref name="exception"/> is a full disk, else null.</summary>
    /// <param name="dataDirectory">The configured data folder, as given (relative to the working directory).</param>
    public static string? Describe(Exception exception, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!Is(exception))
        {
            return null;
        }

        var folder = Path.GetFullPath(dataDirectory);
        string free;
        try
        {
            free = $"{new DriveInfo(folder).AvailableFreeSpace / 1024 / 1024:N0} MiB free now";
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            free = "free space unknown";
        }

        return $"The disk holding the data folder {folder} is full ({free}): the ledger, the job store and the outbox live there. " +
            "What was recorded before is intact, and an e-mail is never sent before it is recorded (one claimed but not confirmed is reported as unsure, never sent again); the run stopped where it could not write. " +
            "Free space on that volume (old reports, outbox .eml files, logs), or move Relance:DataDirectory, then run again.";
    }
}

namespace Relance.Ledger;

/// <summary>
/// An exclusive lock between processes of one machine: a file opened without sharing (advisory <c>flock</c> on Unix),
/// deleted when released.
/// </summary>
public static class LockFile
{
    /// <param name="attempts">Tries 50 ms apart before giving up with an <see cref="IOException"/>.</param>
    public static async Task<FileStream> AcquireAsync(string path, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < attempts)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}

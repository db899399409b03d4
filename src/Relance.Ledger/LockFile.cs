namespace Relance.Ledger;

/// <summary>
/// An exclusive lock between processes of one machine: a file opened without sharing (advisory <c>flock</c> on Unix),
/// deleted when released.
/// </summary>
public static class LockFile
{
    /// <summary>
    /// The lock named <paramref name="name"/> beside <paramref name="basePath"/> (<c>{basePath}.{name}.lock</c>, the
    /// name reduced to letters, digits and dashes), held through a token refresh and the like: waits up to a minute.
    /// </summary>
    public static async Task<FileStream> AcquireNamedAsync(string basePath, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(basePath))!);
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return await AcquireAsync($"{basePath}.{safe}.lock", 1200, cancellationToken);
    }

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

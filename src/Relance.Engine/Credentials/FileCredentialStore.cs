using System.Text.Json;
using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Engine.Credentials;

/// <summary>
/// Rotated credentials in one JSON file (owner-only permissions). Each write goes to a temporary file that is
/// flushed to disk and then renamed over the old one, so a crash leaves either the old or the new file, never half
/// of one; a lock file serialises writers of several processes on the same machine.
/// </summary>
public sealed class FileCredentialStore(string path) : ICredentialStore
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var all = await LoadAsync(cancellationToken);
        return all.GetValueOrDefault(key);
    }

    public async Task WriteAsync(string key, string value, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var crossProcess = await LockFile.AcquireAsync(Path + ".lock", 200, cancellationToken);
            var all = await LoadAsync(cancellationToken);
            all[key] = value;
            var temporary = Path + ".tmp";
            await using (var stream = Create(temporary))
            {
                await JsonSerializer.SerializeAsync(stream, all, Indented, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<string, string>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return new(StringComparer.Ordinal);
        }

        await using var stream = File.OpenRead(Path);
        try
        {
            return await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(stream, cancellationToken: cancellationToken) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The credential store {Path} is not valid JSON ({ex.Message}); restore it from a backup or re-authorise the connections it held.", ex);
        }
    }

    private static FileStream Create(string file)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(file, options);
    }

    public async Task<IAsyncDisposable> LockAsync(string key, CancellationToken cancellationToken) =>
        await LockFile.AcquireNamedAsync(Path, key, cancellationToken);
}

using Relance.Engine.Credentials;
using Relance.Testing;

namespace Relance.Engine.Tests;

public sealed class FileCredentialStoreTests
{
    [Fact]
    public async Task Writers_of_two_processes_never_lose_each_others_keys()
    {
        using var dir = new TempDirectory();
        var path = dir.File("credentials.json");
        var stores = new[] { new FileCredentialStore(path), new FileCredentialStore(path) };

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores[i % 2].WriteAsync($"realm-{i}", $"token-{i}", CancellationToken.None))));

        var reader = new FileCredentialStore(path);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal($"token-{i}", await reader.ReadAsync($"realm-{i}", CancellationToken.None));
        }

        Assert.False(File.Exists(path + ".tmp"));
    }

    [Trait("Suite", "Hostile")]
    [Fact]
    public async Task The_file_is_readable_by_its_owner_only_and_a_rewrite_replaces_the_value()
    {
        using var dir = new TempDirectory();
        var store = new FileCredentialStore(dir.File("credentials.json"));

        await store.WriteAsync("quickbooks-1", "first", CancellationToken.None);
        await store.WriteAsync("quickbooks-1", "second", CancellationToken.None);

        Assert.Equal("second", await store.ReadAsync("quickbooks-1", CancellationToken.None));
        Assert.Null(await store.ReadAsync("quickbooks-2", CancellationToken.None));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        }
    }

    [Fact]
    public void Key_vault_secret_names_keep_only_letters_digits_and_dashes()
    {
        Assert.Equal("relance-quickbooks-9130357992220005", KeyVaultCredentialStore.SecretName("quickbooks-9130357992220005"));
        Assert.Equal("relance-a-b-c", KeyVaultCredentialStore.SecretName("a:b_c"));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Relance.Testing;

/// <summary>
/// A real IMAP server (Debian's dovecot-imapd) on loopback with one mailbox, its own configuration and folders under a
/// temporary directory, started in the foreground and killed at the end. Messages arrive by IMAP APPEND, as a mail
/// server delivers them.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/dovecot";
    private readonly Process _process;
    private readonly TempDirectory _dir;

    private DovecotServer(Process process, TempDirectory dir, int port, string user, string password)
    {
        _process = process;
        _dir = dir;
        Port = port;
        UserName = user;
        Password = password;
    }

    public int Port { get; }

    public string UserName { get; }

    public string Password { get; }

    /// <summary>Why the server cannot run here, or null when it can.</summary>
    public static string? Unavailable() => File.Exists(Binary) ? null : "dovecot is not installed (apt-get install dovecot-imapd)";

    /// <summary>Skips the calling test when dovecot is missing, except under CI=true, where that fails it.</summary>
    public static void SkipUnlessAvailable()
    {
        if (Unavailable() is { } missing)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException(missing);
            }

            throw new Xunit.SkipException(missing);
        }
    }

    /// <param name="introspection">When set, the mailbox also takes XOAUTH2 logins, checking each token at this OAuth2
    /// introspection endpoint (RFC 7662, as Exchange Online's tokens are checked by Microsoft); the password stays for
    /// the test's own deliveries.</param>
    public static async Task<DovecotServer> StartAsync(string user = "relances@acme.example", string password = "imap-secret", Uri? introspection = null)
    {
        var dir = new TempDirectory();
        var root = dir.Path;
        foreach (var sub in new[] { "run", "state", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(root, sub));
        }

        // Mail is owned by an unprivileged user when the tests run as root (dovecot refuses uid 0 for mail).
        var asRoot = Environment.UserName == "root";
        var uid = asRoot ? "65534" : Id("-u");
        var gid = asRoot ? "65534" : Id("-g");
        File.SetUnixFileMode(root, (UnixFileMode)0b111_111_101);
        File.SetUnixFileMode(Path.Combine(root, "mail"), (UnixFileMode)0b111_111_111);
        // Read by dovecot's unprivileged auth process: explicit modes, whatever umask the test process has (Relance sets 077).
        var users = Path.Combine(root, "users");
        await File.WriteAllTextAsync(users, $"{user}:{{PLAIN}}{password}\n");
        File.SetUnixFileMode(users, (UnixFileMode)0b110_100_100);
        foreach (var sub in new[] { "run", "state" })
        {
            File.SetUnixFileMode(Path.Combine(root, sub), (UnixFileMode)0b111_101_101);
        }

        var port = FreePort();
        var oauth = "";
        if (introspection is not null)
        {
            var ext = Path.Combine(root, "oauth2.conf.ext");
            await File.WriteAllTextAsync(ext, $"introspection_mode = post\nintrospection_url = {introspection}\nusername_attribute = username\nactive_attribute = active\nactive_value = true\n");
            File.SetUnixFileMode(ext, (UnixFileMode)0b110_100_100);
            oauth = $"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2\n  args = {ext}\n}}\n";
        }

        var unprivileged = asRoot ? "" : $"default_login_user = {Environment.UserName}\ndefault_internal_user = {Environment.UserName}\n";
        var config = $$"""
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{root}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            listen = 127.0.0.1
            protocols = imap
            auth_mechanisms = plain login{{(introspection is null ? "" : " xoauth2")}}
            mail_location = maildir:{{root}}/mail/%u
            first_valid_uid = 1
            {{unprivileged}}
            {{oauth}}
            passdb {
              driver = passwd-file
              mechanisms = plain login
              args = scheme=PLAIN username_format=%u {{root}}/users
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{gid}} home={{root}}/mail/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            """;
        var file = Path.Combine(root, "dovecot.conf");
        await File.WriteAllTextAsync(file, config);
        var process = Process.Start(new ProcessStartInfo(Binary, ["-F", "-c", file]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var server = new DovecotServer(process, dir, port, user, password);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                var log = Path.Combine(root, "dovecot.log");
                throw new InvalidOperationException($"dovecot did not start: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : await process.StandardError.ReadToEndAsync())}");
            }
        }
    }

    /// <summary>Delivers a message into the mailbox's INBOX.</summary>
    public async Task DeliverAsync(MimeMessage message)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        try
        {
            await client.AuthenticateAsync(UserName, Password);
        }
        catch (AuthenticationException ex)
        {
            throw new InvalidOperationException($"dovecot refused the test's login: {await File.ReadAllTextAsync(Path.Combine(_dir.Path, "dovecot.log"))}", ex);
        }

        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        await client.Inbox.AppendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>How many messages the INBOX holds (Relance never deletes or moves one).</summary>
    public async Task<int> CountAsync()
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(UserName, Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var count = client.Inbox.Count;
        await client.DisconnectAsync(true);
        return count;
    }

    /// <summary>The settings of <c>Relance:Inbox</c> reading this mailbox.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Relance:Inbox:Host"] = "127.0.0.1",
        ["Relance:Inbox:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Relance:Inbox:Security"] = "None",
        ["Relance:Inbox:UserName"] = UserName,
        ["Relance:Inbox:Password"] = Password,
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private static string Id(string flag)
    {
        using var id = Process.Start(new ProcessStartInfo("id", [flag]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var value = id.StandardOutput.ReadToEnd().Trim();
        id.WaitForExit();
        return value;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

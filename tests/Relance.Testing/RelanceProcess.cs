using System.Diagnostics;

namespace Relance.Testing;

/// <summary>
/// The built <c>relance</c> binary run as a child process, as an admin or a service manager runs it: its own working
/// folder, configuration by environment variables (<c>Relance:A:B</c> becomes <c>Relance__A__B</c>), and a kill that
/// is a real SIGKILL.
/// </summary>
public sealed class RelanceProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private RelanceProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Where the host project built <c>relance.dll</c>, beside this test's own build output.</summary>
    public static string BinaryPath
    {
        get
        {
            var configurationFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            var artifactsBin = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.FullName;
            var path = Path.Combine(artifactsBin, "Relance.Connector.Host", configurationFolder, "relance.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"relance not built at {path}");
        }
    }

    public bool HasExited => _process.HasExited;

    public static RelanceProcess Start(string workingDirectory, IDictionary<string, string?> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BinaryPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new RelanceProcess(Process.Start(start)!);
    }

    /// <summary>Runs to the end (two minutes at most) and returns the exit code and everything printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string workingDirectory, IDictionary<string, string?> settings, params string[] args)
    {
        using var process = Start(workingDirectory, settings, args);
        return await process.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>As <see cref="RunAsync"/>, with standard output apart: what a script piping the verb reads.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunApartAsync(string workingDirectory, IDictionary<string, string?> settings, params string[] args)
    {
        using var process = Start(workingDirectory, settings, args);
        await process._process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process._process.ExitCode, await process._stdout, await process._stderr);
    }

    public async Task<(int Exit, string Output)> WaitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return (_process.ExitCode, await _stdout + await _stderr);
    }

    /// <summary>SIGTERM, what a service manager sends to stop a service.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGINT, what Ctrl-C in a terminal sends.</summary>
    public void Interrupt() => Signal("INT");

    private void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no finally block, no flush, no graceful stop — a crash.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await _process.WaitForExitAsync();
    }

    public void Dispose() => _process.Dispose();
}

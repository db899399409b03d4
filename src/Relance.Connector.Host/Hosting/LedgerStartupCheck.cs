using Relance.Ledger;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// Opens the ledger (and proves it writable) before anything else starts, so that a read-only, corrupt or locked
/// ledger is one clear message from every verb — not a stack trace from the first job, or a run that sends nothing.
/// </summary>
/// <remarks>The ledger is resolved when starting, not when hosted services are built, so that the configuration's own
/// validation (which runs in between) reports a wrong connection string or an unset secret first.</remarks>
internal sealed class LedgerStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.GetRequiredService<IDunningLedger>().InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Relance.Ledger;

namespace Relance.Connector.Host.Hosting;

/// <summary>
/// Opens the ledger (and proves it writable) before anything else starts, so that a read-only, corrupt or locked
/// ledger is one clear message from every verb — not a stack trace from the first job, or a run that sends nothing.
/// </summary>
internal sealed class LedgerStartupCheck(IDunningLedger ledger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => ledger.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

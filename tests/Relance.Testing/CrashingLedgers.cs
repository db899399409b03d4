using Relance.Ledger;

namespace Relance.Testing;

/// <summary>What a process crash does to a run, at a precise point.</summary>
public sealed class SimulatedCrashException() : Exception("simulated process crash");

/// <summary>Dies right after the first send, before the ledger records it: what a power cut would do.</summary>
public sealed class CrashOnConfirmLedger(IDunningLedger inner) : DelegatingLedger(inner)
{
    public override Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken) =>
        throw new SimulatedCrashException();
}

/// <summary>Dies right after the first send is confirmed, before its note is written back.</summary>
public sealed class CrashAfterConfirmLedger(IDunningLedger inner) : DelegatingLedger(inner)
{
    public override async Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await base.MarkSentAsync(actionId, recipients, detail, noteState, at, cancellationToken);
        throw new SimulatedCrashException();
    }
}

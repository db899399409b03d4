using Relance.Connectors;
using Relance.Ledger;

namespace Relance.Engine.Tests;

/// <summary>The same behaviour pinned on every ledger provider.</summary>
public abstract class LedgerContractTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A new ledger on the same store each call (as several hosts would have).</summary>
    protected abstract IDunningLedger NewLedger();

    [SkippableFact]
    public async Task Only_one_of_many_concurrent_claims_on_the_same_step_wins()
    {
        var ledgers = Enumerable.Range(0, 4).Select(_ => NewLedger()).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            ledgers[i % ledgers.Count].TryClaimAsync(new ActionClaim("acme", "42", "C1", "friendly", "email", $"run-{i}", At), CancellationToken.None)));

        var winner = Assert.Single(results, r => r.Claimed);
        Assert.All(results, r => Assert.Equal(winner.Action.Id, r.Action.Id));
    }

    [SkippableFact]
    public async Task A_ledger_records_its_schema_version_and_refuses_one_written_by_a_newer_relance()
    {
        var ledger = NewLedger();
        await ledger.InitializeAsync(CancellationToken.None);
        Assert.Equal("2", await ledger.GetValueAsync("ledger:schema-version", CancellationToken.None));

        await ledger.SetValueAsync("ledger:schema-version", "99", CancellationToken.None);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewLedger().InitializeAsync(CancellationToken.None));

        Assert.Contains("schema 99", error.Message);
    }

    [SkippableFact]
    public async Task Only_one_of_many_concurrent_adds_of_a_key_wins()
    {
        var ledgers = Enumerable.Range(0, 4).Select(_ => NewLedger()).ToList();
        await ledgers[0].InitializeAsync(CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => ledgers[i % 4].TryAddValueAsync("webhook:evt-1", $"run-{i}", CancellationToken.None)));

        Assert.Single(results, r => r);
        Assert.StartsWith("run-", await ledgers[0].GetValueAsync("webhook:evt-1", CancellationToken.None), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Values_are_listed_by_exact_prefix_and_removed_by_key()
    {
        var ledger = NewLedger();
        await ledger.InitializeAsync(CancellationToken.None);
        await ledger.SetValueAsync("note-outbox:a_b:1", "one", CancellationToken.None);
        await ledger.SetValueAsync("note-outbox:a_b:2", "two", CancellationToken.None);
        await ledger.SetValueAsync("note-outbox:axb:3", "not mine: '_' is no wildcard", CancellationToken.None);

        var listed = await ledger.GetValuesAsync("note-outbox:a_b:", CancellationToken.None);
        await ledger.RemoveValueAsync("note-outbox:a_b:1", CancellationToken.None);

        Assert.Equal(["note-outbox:a_b:1", "note-outbox:a_b:2"], listed.Keys.Order());
        Assert.Equal(["two"], (await ledger.GetValuesAsync("note-outbox:a_b:", CancellationToken.None)).Values);
    }

    [SkippableFact]
    public async Task A_named_lock_is_held_by_one_ledger_at_a_time()
    {
        var first = NewLedger();
        var second = NewLedger();
        await first.InitializeAsync(CancellationToken.None);

        var held = await first.LockAsync("credential:quickbooks-1", CancellationToken.None);
        var waiting = second.LockAsync("credential:quickbooks-1", CancellationToken.None);
        var other = await second.LockAsync("credential:quickbooks-2", CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await other.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_failed_action_can_be_claimed_again_but_a_sent_one_cannot()
    {
        var ledger = NewLedger();
        var first = await ledger.TryClaimAsync(new ActionClaim("acme", "42", "C1", "friendly", "email", "run-1", At), CancellationToken.None);
        await ledger.MarkFailedAsync(first.Action.Id, "550 mailbox unavailable", At, CancellationToken.None);

        var retry = await ledger.TryClaimAsync(new ActionClaim("acme", "42", "C1", "friendly", "email", "run-2", At), CancellationToken.None);
        await ledger.MarkSentAsync(retry.Action.Id, "a@b.example", "smtp", NoteState.None, At, CancellationToken.None);
        var third = await ledger.TryClaimAsync(new ActionClaim("acme", "42", "C1", "friendly", "email", "run-3", At), CancellationToken.None);

        Assert.True(retry.Claimed);
        Assert.Equal(2, retry.Action.Attempts);
        Assert.False(third.Claimed);
        Assert.Equal(ActionState.Sent, third.Action.State);
    }

    [SkippableFact]
    public async Task Completed_snapshot_closes_invoices_it_did_not_see_and_keeps_the_cursor()
    {
        var ledger = NewLedger();
        await ledger.StoreAsync("acme", [Record("1"), Record("2")], "snap-1", At, CancellationToken.None);
        await ledger.CommitCheckpointAsync("acme", new SyncCursor("c1"), "snap-1", At, CancellationToken.None);

        await ledger.StoreAsync("acme", [Record("2")], "snap-2", At, CancellationToken.None);
        var closed = await ledger.CommitCheckpointAsync("acme", new SyncCursor("c2"), "snap-2", At, CancellationToken.None);

        Assert.Equal(1, closed);
        Assert.Equal(["2"], (await ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).Select(i => i.Invoice.Id));
        Assert.Equal("c2", (await ledger.GetCursorAsync("acme", CancellationToken.None))!.Value);
    }

    [SkippableFact]
    public async Task Incremental_records_update_state_and_deletions_close_the_invoice()
    {
        var ledger = NewLedger();
        await ledger.StoreAsync("acme", [Record("1"), Record("2"), Record("3")], null, At, CancellationToken.None);

        var paid = Record("1").Invoice with { Status = InvoiceStatus.Paid, AmountDue = new Money(0m, "EUR") };
        await ledger.StoreAsync("acme", [new InvoiceRecord(paid), new InvoiceDeleted("2")], null, At, CancellationToken.None);

        Assert.Equal(["3"], (await ledger.GetOpenInvoicesAsync("acme", CancellationToken.None)).Select(i => i.Invoice.Id));
        Assert.Equal(InvoiceStatus.Paid, (await ledger.GetInvoiceAsync("acme", "1", CancellationToken.None))!.Invoice.Status);
    }

    [SkippableFact]
    public async Task A_fall_of_an_undated_balance_becomes_a_payment_dated_by_the_last_read_and_is_kept_across_syncs()
    {
        var ledger = NewLedger();
        await ledger.InitializeAsync(CancellationToken.None);
        var invoice = Record("7").Invoice with { Total = new Money(1200m, "EUR"), AmountDue = new Money(1200m, "EUR") };
        var partPaid = invoice with { AmountDue = new Money(700m, "EUR"), Status = InvoiceStatus.PartiallyPaid };

        await ledger.StoreAsync("acme", [new InvoiceRecord(invoice)], null, At, CancellationToken.None);
        await ledger.StoreAsync("acme", [new InvoiceRecord(partPaid)], null, At.AddDays(4), CancellationToken.None);
        await ledger.StoreAsync("acme", [new InvoiceRecord(partPaid)], null, At.AddDays(6), CancellationToken.None);
        var observed = (await ledger.GetInvoiceAsync("acme", "7", CancellationToken.None))!.Invoice.Payments;

        // A platform that dates its payments is taken as it is.
        var dated = partPaid with { Payments = [new InvoicePayment(new DateOnly(2026, 3, 12), 500m)] };
        await ledger.StoreAsync("acme", [new InvoiceRecord(dated)], null, At.AddDays(7), CancellationToken.None);

        Assert.Equal([new InvoicePayment(new DateOnly(2026, 3, 10), 500m, Observed: true)], observed);
        Assert.Equal(dated.Payments, (await ledger.GetInvoiceAsync("acme", "7", CancellationToken.None))!.Invoice.Payments);
    }

    private static InvoiceRecord Record(string id) => new(new Invoice(
        id, $"F-{id}", "C1", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), new Money(100m, "EUR"), new Money(100m, "EUR"), InvoiceStatus.Open));
}

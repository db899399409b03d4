using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Relance.Connectors;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Engine.Tests;

/// <summary>A ledger written by the previous release (schema 1) opened by this one.</summary>
public sealed class LedgerUpgradeTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_schema_1_ledger_is_upgraded_in_place_and_keeps_its_invoices_and_what_was_sent()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "ledger.db");
        var old = Ledger(path);
        await old.InitializeAsync(CancellationToken.None);
        var total = new Money(1200m, "EUR");
        await old.StoreAsync("acme", [
            new CustomerRecord(new Customer("C1", "Boulangerie Martin", ["compta@martin.example"])),
            new InvoiceRecord(new Invoice("42", "F-42", "C1", new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 4), total, total, InvoiceStatus.Open)),
        ], null, At, CancellationToken.None);
        var sent = await old.TryClaimAsync(new ActionClaim("acme", "42", "C1", "friendly", "email", "run-1", At), CancellationToken.None);
        await old.MarkSentAsync(sent.Action.Id, "compta@martin.example", "smtp", NoteState.None, At, CancellationToken.None);

        // Back to what the previous release wrote: no note_kind/note_subject columns, no schema version recorded.
        SqliteConnection.ClearAllPools();
        await using (var raw = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var downgrade = raw.CreateCommand();
            downgrade.CommandText = "ALTER TABLE actions DROP COLUMN note_kind; ALTER TABLE actions DROP COLUMN note_subject; DELETE FROM kv WHERE key = 'ledger:schema-version';";
            await downgrade.ExecuteNonQueryAsync();
        }

        Assert.DoesNotContain("note_kind", await ColumnsAsync(path, "actions"));

        var upgraded = Ledger(path);
        await upgraded.InitializeAsync(CancellationToken.None);

        Assert.Equal("2", await upgraded.GetValueAsync("ledger:schema-version", CancellationToken.None));
        Assert.Contains("note_kind", await ColumnsAsync(path, "actions"));
        var open = Assert.Single(await upgraded.GetOpenInvoicesAsync("acme", CancellationToken.None));
        Assert.Equal("F-42", open.Invoice.Number);
        Assert.Equal("Boulangerie Martin", open.Customer?.Name);
        Assert.Equal(ActionState.Sent, (await upgraded.FindActionAsync(sent.Action.Id, CancellationToken.None))?.State);

        // What was sent before the upgrade is never sent again after it.
        var again = await upgraded.TryClaimAsync(new ActionClaim("acme", "42", "C1", "friendly", "email", "run-2", At.AddDays(1)), CancellationToken.None);
        Assert.False(again.Claimed);
        SqliteConnection.ClearAllPools();
    }

    private static SqliteDunningLedger Ledger(string path) => new(Options.Create(new LedgerOptions { ConnectionString = $"Data Source={path}" }));

    private static async Task<List<string>> ColumnsAsync(string path, string table)
    {
        await using var raw = new SqliteConnection($"Data Source={path};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}

using Relance.Engine.Dunning;
using Relance.Ledger;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class GracefulStopTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_stop_asked_mid_send_lets_that_send_be_confirmed_starts_no_other_and_leaves_nothing_unsure()
    {
        await using var road = await Road.SeededAsync(Morning);
        using var stop = new CancellationTokenSource();
        using (var host = await RelanceTestHost.StartAsync(road.Directory.Path, road.Settings, road.Clock, configure: s => s.Decorate<IDunningLedger>(inner => new StopOnFirstConfirm(inner, stop))))
        {
            await host.Sync.RunAsync("acme", CancellationToken.None);
            var stopped = await host.Dunning.RunAsync("acme", stop.Token);

            // The message out when the stop came (one customer's invoices, grouped) was confirmed; nothing else was started.
            var confirmedAll = stopped.Outcomes.Where(o => o.Kind == OutcomeKind.Sent).ToList();
            Assert.Single(confirmedAll.Select(o => o.Customer).Distinct());
            Assert.Single(road.Smtp.Messages);
            Assert.Contains(stopped.Outcomes, o => o.Kind == OutcomeKind.Postponed && o.Detail == "not started: Relance is stopping");
            var actions = await host.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
            Assert.DoesNotContain(actions, a => a.State is ActionState.Claimed or ActionState.Unsure);
            Assert.All(confirmedAll, confirmed => Assert.Equal(ActionState.Sent, Assert.Single(actions, a => a.InvoiceId == confirmed.InvoiceId && a.Step == confirmed.Step).State));
        }

        using var restarted = await road.StartHostAsync();
        var next = await restarted.Dunning.RunAsync("acme", CancellationToken.None);

        Assert.DoesNotContain(next.Outcomes, o => o.Kind == OutcomeKind.Unsure);
        Assert.Contains(next.Outcomes, o => o.Kind == OutcomeKind.Sent);
        Assert.Equal(road.Smtp.Messages.Count, road.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
    }

    /// <summary>The stop arrives while the first message is out and not yet confirmed.</summary>
    private sealed class StopOnFirstConfirm(IDunningLedger inner, CancellationTokenSource stop) : DelegatingLedger(inner)
    {
        public override Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken)
        {
            stop.Cancel();
            return base.MarkSentAsync(actionId, recipients, detail, noteState, at, cancellationToken);
        }
    }
}

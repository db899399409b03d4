using Microsoft.Extensions.Time.Testing;
using Relance.Ledger;
using Relance.Simulators.Pennylane;
using Relance.Testing;

namespace Relance.Connector.Host.Tests;

public sealed class DunningConcurrencyTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_dunning_runs_at_once_on_one_data_folder_send_each_customer_one_grouped_email_and_mark_nothing_unsure()
    {
        var clock = new FakeTimeProvider(Morning);
        var today = DateOnly.FromDateTime(Morning.UtcDateTime);
        await using var pennylane = await PennylaneSimulator.StartAsync(new PennylaneSimulatorOptions { RateLimitPermits = 100_000 }, clock, seed: false);
        const int customers = 60;
        for (var c = 1; c <= customers; c++)
        {
            pennylane.Store.AddCustomer(new SimCustomer { Id = 100 + c, Name = $"Client {c} SARL", Emails = [$"c{c}@two.example"] }, Morning.AddDays(-200));
            for (var n = 0; n < 3; n++)
            {
                var id = (c * 10) + n;
                pennylane.Store.AddInvoice(new SimInvoice { Id = id, Number = $"F-{id}", CustomerId = 100 + c, Date = today.AddDays(-40), Deadline = today.AddDays(-10), Total = 100m, Remaining = 100m }, Morning.AddDays(-40));
            }
        }

        await using var smtp = SmtpTestServer.Start();
        using var dir = new TempDirectory();
        var settings = Settings.Merge(RelanceTestHost.PennylaneConnection("acme", pennylane), RelanceTestHost.Smtp(smtp));

        settings["Relance:Connections:acme:Settings:RateLimitPermits"] = "1000";

        // The worker and `relance run --once` beside it: two hosts on one data folder. The worker's first send is
        // held between its claim and its confirmation until the other run is over (or 3 s have passed).
        var otherRunOver = new TaskCompletionSource();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var worker = await RelanceTestHost.StartAsync(dir.Path, settings, clock, configure: s => s.Decorate<IDunningLedger>(inner => new HeldFirstConfirmation(inner, held, otherRunOver.Task)));
        using var once = await RelanceTestHost.StartAsync(dir.Path, settings, clock);
        await worker.Sync.RunAsync("acme", CancellationToken.None);
        var first = Task.Run(() => worker.Dunning.RunAsync("acme", CancellationToken.None));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Relance.Engine.Dunning.DunningReport beside;
        try
        {
            beside = await once.Dunning.RunAsync("acme", CancellationToken.None);
        }
        finally
        {
            otherRunOver.TrySetResult();
        }

        await first;

        var perCustomer = smtp.Messages.SelectMany(m => m.To.Mailboxes).GroupBy(a => a.Address, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(customers, perCustomer.Count);
        Assert.All(perCustomer, g => Assert.Single(g));
        var actions = await worker.Ledger.GetActionsAsync("acme", null, CancellationToken.None);
        Assert.Equal(customers * 3, actions.Count(a => a.State == ActionState.Sent));
        Assert.DoesNotContain(actions, a => a.State is ActionState.Unsure or ActionState.Claimed);

        // The run beside it waited: it never took the worker's send in flight for a crash's leftover.
        Assert.DoesNotContain(beside.Outcomes, o => o.Kind == Relance.Engine.Dunning.OutcomeKind.Unsure);
    }

    /// <summary>Holds the first confirmed send between its claim and its confirmation.</summary>
    private sealed class HeldFirstConfirmation(IDunningLedger inner, TaskCompletionSource reached, Task release) : DelegatingLedger(inner)
    {
        private int _held;

        public override async Task MarkSentAsync(string actionId, string recipients, string detail, NoteState noteState, DateTimeOffset at, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _held, 1) == 0)
            {
                reached.TrySetResult();
                await Task.WhenAny(release, Task.Delay(TimeSpan.FromSeconds(3), cancellationToken));
            }

            await base.MarkSentAsync(actionId, recipients, detail, noteState, at, cancellationToken);
        }
    }
}

using Relance.Connectors;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Relance.Delivery;
using Relance.Domain;
using Relance.Engine.Connections;
using Relance.Engine.Dunning;
using Relance.Ledger;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary><c>plan</c> and <c>preview</c>: read-only views of what the engine will do.</summary>
internal static class PlanCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> PlanAsync(IServiceProvider services, string connectionName, DateOnly? asOf, int days, string format, CancellationToken cancellationToken)
    {
        var connection = await services.GetRequiredService<ConnectionFactory>().CreateAsync(connectionName, cancellationToken);
        var from = asOf ?? services.GetRequiredService<RelanceClock>().Today(connection.TimeZone);
        var plan = await services.GetRequiredService<DunningPlanner>().PlanAsync(connection, from, days, cancellationToken);
        var rows = plan.Select(p => new
        {
            date = p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            invoice = p.InvoiceNumber,
            invoice_id = p.InvoiceId,
            customer = p.Customer,
            step = p.StepKey ?? "",
            channel = p.Channel is { } channel ? channel.ToString() + (p.NeedsApproval ? " (approval)" : "") : "",
            amount_due = Amount(p.AmountDue.Amount),
            interest = Amount(p.Interest.Amount),
            indemnity = Amount(p.Indemnity.Amount),
            currency = p.AmountDue.Currency,
            reason = p.Reason,
        }).ToList();

        switch (format)
        {
            case "json":
                Console.Out.WriteLine(JsonSerializer.Serialize(rows, Json));
                break;
            case "csv":
                var csv = new StringBuilder("date,invoice,invoice_id,customer,step,channel,amount_due,interest,indemnity,currency,reason\n");
                foreach (var r in rows)
                {
                    csv.AppendJoin(',', new[] { r.date, r.invoice, r.invoice_id, r.customer, r.step, r.channel, r.amount_due, r.interest, r.indemnity, r.currency, r.reason }.Select(Csv)).Append('\n');
                }

                Console.Out.Write(csv.ToString());
                break;
            default:
                var table = new Table().AddColumns("Date", "Invoice", "Customer", "Step", "Channel", "Due", "Interest", "Indemnity", "Why");
                foreach (var r in rows)
                {
                    table.AddRow(r.date, Markup.Escape(r.invoice), Markup.Escape(r.customer), Markup.Escape(r.step), r.channel, $"{r.amount_due} {r.currency}", r.interest, r.indemnity, Markup.Escape(r.reason));
                }

                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"{rows.Count(r => r.step.Length > 0)} actions planned from {from:yyyy-MM-dd} over {days} days for connection '{connectionName}'. Nothing was sent.");
                AnsiConsole.MarkupLineInterpolated($"Onboarding: {connection.Policy.Entry.Describe()}; after a first contact each later step waits at least {connection.Policy.MinimumDaysBetweenSteps} days after the previous one was sent.");
                break;
        }

        return 0;
    }

    public static async Task<int> PreviewAsync(IServiceProvider services, string connectionName, string invoiceId, string? stepName, string? language, DateOnly? asOf, string? output, CancellationToken cancellationToken)
    {
        var ledger = services.GetRequiredService<IDunningLedger>();
        var stored = await InvoiceLookup.FindInvoiceAsync(ledger, connectionName, invoiceId, cancellationToken);
        if (stored is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{InvoiceLookup.UnknownInvoice(invoiceId, connectionName)}[/]");
            return 1;
        }

        var connection = await services.GetRequiredService<ConnectionFactory>().CreateAsync(connectionName, cancellationToken);
        var day = asOf ?? services.GetRequiredService<RelanceClock>().Today(connection.TimeZone);
        var policy = connection.PolicyFor(stored.Customer);
        var step = stepName is null
            ? EscalationSchedule.Occurrences(policy, stored.Invoice.DueDate ?? day, stored.Invoice.AmountDue.Amount, day.AddDays(366)).LastOrDefault(o => o.Date <= day)?.Step
              ?? policy.Steps.OrderBy(s => s.OffsetDays).FirstOrDefault()
            : policy.Steps.FirstOrDefault(s => s.Name == stepName.Split('#')[0]);
        if (step is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No step '{stepName}' in policy '{policy.Name}' (steps: {string.Join(", ", policy.Steps.Select(s => s.Name))}).[/]");
            return 2;
        }

        var customer = language is null || stored.Customer is null ? stored.Customer : stored.Customer with { Language = language };
        var composed = services.GetRequiredService<ReminderComposer>().Compose(connection, stored.Invoice, customer, step, day);
        var recipients = DunningService.Recipients(stored.Invoice, customer);
        var recipientSource = stored.Invoice.BillingEmails is { Count: > 0 } ? "the invoice's own billing address" : "the customer's billing addresses";
        if (output is not null && output.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            await File.WriteAllBytesAsync(output, FormalNoticePdf.Render(composed.Message.Subject, composed.Message.Body, connection.Options.Sender.Name), cancellationToken);
        }
        else if (output is not null)
        {
            var message = new EmailMessage("preview-" + invoiceId, new MailAddressInfo(connection.Options.Sender.Name, connection.Options.Sender.Email), recipients, composed.Message.Subject, composed.Message.Body, connection.Options.Sender.ReplyTo, composed.Attachments);
            await EmlFile.WriteAsync(message, services.GetRequiredService<RelanceClock>().UtcNow, output, cancellationToken);
        }

        Console.Out.WriteLine($"Step: {step.Name} ({step.Channel}{(step.RequiresApproval ? ", needs approval" : "")}) on {day:yyyy-MM-dd}");
        Console.Out.WriteLine($"To: {string.Join(", ", recipients)} ({recipientSource})");
        Console.Out.WriteLine($"Debtor: {customer?.Kind switch { CustomerKind.Individual => "private person", CustomerKind.Company => "business", _ => "business or person not stated by the platform" }}{(customer?.Address is { } address ? " — " + string.Join(", ", address.ToLines()) : " — no postal address on the platform")}");
        Console.Out.WriteLine($"Invoice PDF: {stored.Invoice.PdfLink?.ToString() ?? "none on the platform"}");
        Console.Out.WriteLine($"Subject: {composed.Message.Subject}");
        Console.Out.WriteLine();
        Console.Out.WriteLine(composed.Message.Body);
        if (output is not null)
        {
            Console.Out.WriteLine($"Written to {Path.GetFullPath(output)}.");
        }

        return 0;
    }

    private static string Amount(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Csv(string value) => CsvCell.Text(value);
}

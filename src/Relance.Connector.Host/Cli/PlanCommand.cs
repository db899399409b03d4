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
    public static async Task<int> PlanAsync(IServiceProvider services, IReadOnlyList<string> connections, DateOnly? asOf, int days, CliFormat format, CsvCulture csvCulture, CancellationToken cancellationToken)
    {
        var listing = new Listing(
            ("connection", CliText.T("Connection")), ("date", CliText.T("Date")), ("invoice", CliText.T("Invoice")), ("invoice_id", CliText.T("Id")), ("customer", CliText.T("Customer")), ("step", CliText.T("Step")),
            ("channel", CliText.T("Channel")), ("amount_due", CliText.T("Due")), ("interest", CliText.T("Interest")), ("indemnity", CliText.T("Indemnity")), ("reason", CliText.T("Why")));
        var summaries = new List<string>();
        foreach (var name in connections)
        {
            var connection = await services.GetRequiredService<ConnectionFactory>().CreateAsync(name, cancellationToken);
            var from = asOf ?? services.GetRequiredService<RelanceClock>().Today(connection.TimeZone);
            var plan = await services.GetRequiredService<DunningPlanner>().PlanAsync(connection, from, days, cancellationToken);
            var culture = connection.Options.FormatCulture;
            foreach (var p in plan)
            {
                listing.Add(
                    culture,
                    name,
                    p.Date,
                    p.InvoiceNumber,
                    p.InvoiceId,
                    p.Customer,
                    p.StepKey ?? "",
                    p.Channel is { } channel ? channel.ToString() + (p.NeedsApproval ? " (approval)" : "") : "",
                    p.AmountDue,
                    p.Interest,
                    p.Indemnity,
                    p.Reason);
            }

            summaries.Add(CliText.T("PlanSummary", name, plan.Count(p => p.StepKey is not null), from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), days, connection.Policy.Entry.Describe(), connection.Policy.MinimumDaysBetweenSteps));
        }

        listing.Write(format, csvCulture);
        if (format == CliFormat.Table)
        {
            foreach (var summary in summaries)
            {
                Console.Out.WriteLine(summary);
            }

            Console.Out.WriteLine(CliText.T("NothingSent"));
        }

        return 0;
    }

    public static async Task<int> PreviewAsync(IServiceProvider services, string connectionName, StoredInvoice stored, string? stepName, string? language, DateOnly? asOf, string? output, CancellationToken cancellationToken)
    {
        var invoiceId = stored.Invoice.Id;
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
}

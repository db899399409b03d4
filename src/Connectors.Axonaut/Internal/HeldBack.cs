using System.Globalization;
using Relance.Connectors.Axonaut.Models;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>
/// Invoices of one read whose balance waits for their payments: those read by this run (<see cref="Items"/>) and those
/// an earlier part held and saved in the cursor (<see cref="Carried"/>, ids only).
/// </summary>
internal sealed class HeldBack(TimeZoneInfo zone, HeldInvoices saved)
{
    public Dictionary<long, AxonautInvoice> Items { get; } = [];

    public HashSet<long> Carried { get; } = [.. saved.Ids];

    /// <summary>The earliest issue date of every invoice held, carried ones included.</summary>
    public DateOnly? IssuedFrom { get; private set; } = saved.IssuedFrom;

    /// <summary>Held invoices with no issue date: the payment list has no start for them, they are read one by one.</summary>
    public HashSet<long> Undated { get; } = [];

    public int Count => Items.Count + Carried.Count;

    /// <summary>Holds the invoice back; a record naming its field when its issue date cannot be read (nothing is held then).</summary>
    public RecordSkipped? Hold(AxonautInvoice item)
    {
        DateOnly? issued;
        try
        {
            issued = AxonautDates.ReadDate(item.Date, zone, $"Axonaut invoice {item.Id}", "date");
        }
        catch (FormatException ex)
        {
            return new RecordSkipped("invoice", item.Id.ToString(CultureInfo.InvariantCulture), ex.Message);
        }

        Items[item.Id] = item;
        if (issued is null)
        {
            Undated.Add(item.Id);
        }
        else if (issued is { } day && (IssuedFrom is null || day < IssuedFrom))
        {
            IssuedFrom = issued;
        }

        return null;
    }

    public HeldInvoices ToCursor() => Count == 0 ? HeldInvoices.None : new([.. Items.Keys.Concat(Carried).Order()], IssuedFrom);

    /// <summary>Once every held invoice is emitted.</summary>
    public void Reset()
    {
        Items.Clear();
        Carried.Clear();
        Undated.Clear();
        IssuedFrom = null;
    }
}

using System.Globalization;
using Relance.Connectors.Axonaut.Models;

namespace Relance.Connectors.Axonaut.Internal;

/// <summary>Invoices of one read whose balance waits for their payments, read in bulk once the pages are done.</summary>
internal sealed class HeldBack(TimeZoneInfo zone)
{
    public Dictionary<long, AxonautInvoice> Items { get; } = [];

    /// <summary>Held invoices with no issue date: the payment list has no start for them, they are read one by one.</summary>
    public HashSet<long> Undated { get; } = [];

    /// <summary>The earliest issue date of the invoices held.</summary>
    public DateOnly? IssuedFrom { get; private set; }

    public int Count => Items.Count;

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
        else if (IssuedFrom is null || issued < IssuedFrom)
        {
            IssuedFrom = issued;
        }

        return null;
    }

    /// <summary>Once every held invoice is emitted.</summary>
    public void Reset()
    {
        Items.Clear();
        Undated.Clear();
        IssuedFrom = null;
    }
}

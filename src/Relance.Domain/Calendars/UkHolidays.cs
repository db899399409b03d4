namespace Relance.Domain.Calendars;

/// <summary>
/// Bank holidays of England and Wales: the rules (with weekend substitutes) plus the one-off changes proclaimed
/// for royal events, which no rule predicts and are listed as data.
/// </summary>
public sealed class UkHolidays : IHolidayCalendar
{
    // Proclaimed one-offs: added days, and rule days moved away that year.
    private static readonly Dictionary<DateOnly, string> Added = new()
    {
        [new DateOnly(2011, 4, 29)] = "Royal wedding",
        [new DateOnly(2012, 6, 5)] = "Diamond Jubilee",
        [new DateOnly(2022, 6, 3)] = "Platinum Jubilee",
        [new DateOnly(2022, 9, 19)] = "State funeral of Queen Elizabeth II",
        [new DateOnly(2023, 5, 8)] = "Coronation of King Charles III",
        [new DateOnly(2020, 5, 8)] = "Early May bank holiday (VE day)",
        [new DateOnly(2012, 6, 4)] = "Spring bank holiday",
        [new DateOnly(2022, 6, 2)] = "Spring bank holiday",
    };

    private static readonly HashSet<DateOnly> Moved = [new(2020, 5, 4), new(2012, 5, 28), new(2022, 5, 30)];

    public string Name => "uk";

    public bool IsHoliday(DateOnly date, out string? name)
    {
        if (Added.TryGetValue(date, out name))
        {
            return true;
        }

        name = Moved.Contains(date) ? null : RuleHoliday(date);
        return name is not null;
    }

    private static string? RuleHoliday(DateOnly date)
    {
        var year = date.Year;
        var easter = Easter.Sunday(year);
        if (date == easter.AddDays(-2))
        {
            return "Good Friday";
        }

        if (date == easter.AddDays(1))
        {
            return "Easter Monday";
        }

        if (date == FirstMonday(year, 5))
        {
            return "Early May bank holiday";
        }

        if (date == LastMonday(year, 5))
        {
            return "Spring bank holiday";
        }

        if (date == LastMonday(year, 8))
        {
            return "Summer bank holiday";
        }

        if (date == Substitute(new DateOnly(year, 1, 1)))
        {
            return "New Year's Day";
        }

        var (christmas, boxing) = ChristmasPair(year);
        return date == christmas ? "Christmas Day" : date == boxing ? "Boxing Day" : null;
    }

    // A holiday on a weekend moves to the next Monday.
    private static DateOnly Substitute(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    // Christmas and Boxing Day substitute together: Sat/Sun → Mon/Tue; Sun/Mon → Tue; Fri/Sat → Mon.
    private static (DateOnly Christmas, DateOnly Boxing) ChristmasPair(int year)
    {
        var christmas = new DateOnly(year, 12, 25);
        return christmas.DayOfWeek switch
        {
            DayOfWeek.Saturday => (christmas.AddDays(2), christmas.AddDays(3)),
            DayOfWeek.Sunday => (christmas.AddDays(2), christmas.AddDays(1)),
            DayOfWeek.Friday => (christmas, christmas.AddDays(3)),
            _ => (christmas, christmas.AddDays(1)),
        };
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var date = new DateOnly(year, month, 1);
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var date = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(-1);
        }

        return date;
    }
}

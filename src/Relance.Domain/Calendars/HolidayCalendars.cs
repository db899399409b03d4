namespace Relance.Domain.Calendars;

/// <summary>The calendars a connection can name in configuration.</summary>
public static class HolidayCalendars
{
    public static IReadOnlyList<IHolidayCalendar> All { get; } = [new FrenchHolidays(), new UkHolidays(), new NoHolidays()];

    public static IHolidayCalendar? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

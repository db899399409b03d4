namespace Relance.Domain.Calendars;

/// <summary>Public holidays of a country or region: days on which no reminder is sent.</summary>
public interface IHolidayCalendar
{
    /// <summary>The calendar's name as written in configuration ("fr", "uk", "none").</summary>
    string Name { get; }

    bool IsHoliday(DateOnly date, out string? name);
}

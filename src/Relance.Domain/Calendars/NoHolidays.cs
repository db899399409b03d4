namespace Relance.Domain.Calendars;

/// <summary>Weekends only.</summary>
public sealed class NoHolidays : IHolidayCalendar
{
    public string Name => "none";

    public bool IsHoliday(DateOnly date, out string? name)
    {
        name = null;
        return false;
    }
}

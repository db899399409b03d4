namespace Relance.Domain.Calendars;

/// <summary>The eleven French public holidays (jours fériés, Code du travail L3133-1), Easter-based ones computed.</summary>
public sealed class FrenchHolidays : IHolidayCalendar
{
    public string Name => "fr";

    public bool IsHoliday(DateOnly date, out string? name)
    {
        var easter = Easter.Sunday(date.Year);
        name = (date.Month, date.Day) switch
        {
            (1, 1) => "Jour de l'an",
            (5, 1) => "Fête du Travail",
            (5, 8) => "Victoire 1945",
            (7, 14) => "Fête nationale",
            (8, 15) => "Assomption",
            (11, 1) => "Toussaint",
            (11, 11) => "Armistice 1918",
            (12, 25) => "Noël",
            _ when date == easter.AddDays(1) => "Lundi de Pâques",
            _ when date == easter.AddDays(39) => "Ascension",
            _ when date == easter.AddDays(50) => "Lundi de Pentecôte",
            _ => null,
        };
        return name is not null;
    }
}

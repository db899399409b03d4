using Relance.Domain.Calendars;

namespace Relance.Domain.Tests;

public sealed class CalendarTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_sunday_is_computed(int year, string expected) => Assert.Equal(DateOnly.Parse(expected), Easter.Sunday(year));

    [Theory]
    [InlineData("2026-01-01", "Jour de l'an")]
    [InlineData("2026-04-06", "Lundi de Pâques")]
    [InlineData("2026-05-01", "Fête du Travail")]
    [InlineData("2026-05-08", "Victoire 1945")]
    [InlineData("2026-05-14", "Ascension")]
    [InlineData("2026-05-25", "Lundi de Pentecôte")]
    [InlineData("2026-07-14", "Fête nationale")]
    [InlineData("2026-08-15", "Assomption")]
    [InlineData("2026-11-01", "Toussaint")]
    [InlineData("2026-11-11", "Armistice 1918")]
    [InlineData("2026-12-25", "Noël")]
    [InlineData("2026-04-03", null)]
    [InlineData("2026-12-26", null)]
    public void French_public_holidays(string date, string? expected)
    {
        var holiday = new FrenchHolidays().IsHoliday(DateOnly.Parse(date), out var name);

        Assert.Equal(expected is not null, holiday);
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("2026-01-01", "New Year's Day")]
    [InlineData("2026-04-03", "Good Friday")]
    [InlineData("2026-04-06", "Easter Monday")]
    [InlineData("2026-05-04", "Early May bank holiday")]
    [InlineData("2026-05-25", "Spring bank holiday")]
    [InlineData("2026-08-31", "Summer bank holiday")]
    [InlineData("2026-12-25", "Christmas Day")]
    [InlineData("2026-12-28", "Boxing Day")]
    [InlineData("2022-12-26", "Boxing Day")]
    [InlineData("2022-12-27", "Christmas Day")]
    [InlineData("2021-12-27", "Christmas Day")]
    [InlineData("2021-12-28", "Boxing Day")]
    [InlineData("2027-01-01", "New Year's Day")]
    [InlineData("2022-01-03", "New Year's Day")]
    [InlineData("2022-06-02", "Spring bank holiday")]
    [InlineData("2022-06-03", "Platinum Jubilee")]
    [InlineData("2023-05-08", "Coronation of King Charles III")]
    [InlineData("2022-05-30", null)]
    [InlineData("2026-12-26", null)]
    [InlineData("2026-07-14", null)]
    public void Uk_bank_holidays_with_substitutes_and_proclaimed_days(string date, string? expected)
    {
        var holiday = new UkHolidays().IsHoliday(DateOnly.Parse(date), out var name);

        Assert.Equal(expected is not null, holiday);
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("2026-07-10T10:00:00+02:00", "2026-07-10T10:00:00+02:00", null)]
    [InlineData("2026-07-10T07:15:00+02:00", "2026-07-10T09:00:00+02:00", "before 09:00")]
    [InlineData("2026-07-10T18:00:00+02:00", "2026-07-13T09:00:00+02:00", "after 17:00")]
    [InlineData("2026-07-13T17:30:00+02:00", "2026-07-15T09:00:00+02:00", "after 17:00")]
    [InlineData("2026-07-14T10:00:00+02:00", "2026-07-15T09:00:00+02:00", "Fête nationale")]
    [InlineData("2026-07-12T03:00:00+02:00", "2026-07-13T09:00:00+02:00", "Sunday")]
    [InlineData("2026-04-03T20:00:00+02:00", "2026-04-07T09:00:00+02:00", "after 17:00")]
    [InlineData("2026-10-24T12:00:00+02:00", "2026-10-26T09:00:00+01:00", "Saturday")]
    public void A_reminder_due_outside_the_window_moves_to_the_next_slot(string now, string expected, string? reason)
    {
        var window = new SendingWindow(Paris, new FrenchHolidays(), new TimeOnly(9, 0), new TimeOnly(17, 0));

        var (slot, postponed) = window.NextSlot(DateTimeOffset.Parse(now));

        Assert.Equal(DateTimeOffset.Parse(expected), slot);
        Assert.Equal(reason, postponed);
        Assert.True(window.IsOpen(slot));
    }

    [Fact]
    public void A_slot_in_the_spring_forward_gap_moves_to_the_first_real_local_time()
    {
        var window = new SendingWindow(Paris, new NoHolidays(), new TimeOnly(2, 30), new TimeOnly(17, 0)) { Weekends = true };

        var (slot, _) = window.NextSlot(DateTimeOffset.Parse("2026-03-29T00:30:00+01:00"));

        Assert.Equal(DateTimeOffset.Parse("2026-03-29T03:00:00+02:00"), slot);
    }
}

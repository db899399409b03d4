namespace Relance.Domain.Calendars;

/// <summary>
/// When reminders may go out: business days (no weekend, no holiday of the calendar) between two local times in the
/// connection's time zone. A reminder due outside moves to the next allowed slot.
/// </summary>
public sealed record SendingWindow(TimeZoneInfo TimeZone, IHolidayCalendar Holidays, TimeOnly Opens, TimeOnly Closes)
{
    public static SendingWindow Always(TimeZoneInfo zone) => new(zone, new NoHolidays(), TimeOnly.MinValue, TimeOnly.MaxValue) { Weekends = true };

    /// <summary>Whether Saturdays and Sundays are allowed. <value>The default value is false.</value></summary>
    public bool Weekends { get; init; }

    /// <summary>Why a local date is closed ("Sunday", "Lundi de Pâques"...), or null when reminders may go out that day.</summary>
    public string? ClosedReason(DateOnly date)
    {
        if (!Weekends && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return date.DayOfWeek.ToString();
        }

        return Holidays.IsHoliday(date, out var name) ? name : null;
    }

    /// <summary>
    /// The first instant at or after <paramref name="now"/> inside the window, with the reason when it had to move.
    /// Local times that do not exist (the spring DST gap) are skipped forward.
    /// </summary>
    public (DateTimeOffset Slot, string? Postponed) NextSlot(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        string? reason = null;
        for (var i = 0; i < 400; i++)
        {
            var closed = ClosedReason(date);
            if (closed is null && time <= Closes)
            {
                var start = time < Opens ? Opens : time;
                if (start != time)
                {
                    reason ??= $"before {Opens:HH\\:mm}";
                }

                return (ToInstant(date, start), reason);
            }

            reason ??= closed ?? $"after {Closes:HH\\:mm}";
            date = date.AddDays(1);
            time = TimeOnly.MinValue;
        }

        throw new InvalidOperationException("No open day in the next 400 days: check the sending window and calendar.");
    }

    /// <summary>True when <paramref name="now"/> is inside the window.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        return ClosedReason(DateOnly.FromDateTime(local)) is null && time >= Opens && time <= Closes;
    }

    private DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }
}

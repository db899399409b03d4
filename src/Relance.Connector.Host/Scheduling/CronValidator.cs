using Microsoft.Extensions.Options;
using Quartz;
using Relance.Engine.Configuration;

namespace Relance.Connector.Host.Scheduling;

/// <summary>Rejects cron expressions Quartz cannot parse, naming the key, before any job is stored.</summary>
internal sealed class CronValidator : IValidateOptions<RelanceOptions>
{
    public ValidateOptionsResult Validate(string? name, RelanceOptions options)
    {
        var errors = new List<string>();
        foreach (var (connection, settings) in options.Connections)
        {
            Check($"{RelanceOptions.SectionName}:Connections:{connection}:SyncCron", settings.SyncCron, errors);
            Check($"{RelanceOptions.SectionName}:Connections:{connection}:DunningCron", settings.DunningCron, errors);
        }

        if (options.Alerts.DigestCron is { Length: > 0 } digest)
        {
            Check($"{RelanceOptions.SectionName}:Alerts:DigestCron", digest, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The next <paramref name="count"/> times a valid expression fires after <paramref name="after"/>, in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFires(string cron, TimeZoneInfo zone, DateTimeOffset after, int count)
    {
        var fires = new List<DateTimeOffset>();
        if (!CronExpression.TryParse(cron, out _))
        {
            return fires;
        }

        var expression = new CronExpression(cron, zone);
        for (var next = expression.GetNextValidTimeAfter(after); next is { } at && fires.Count < count; next = expression.GetNextValidTimeAfter(at))
        {
            fires.Add(TimeZoneInfo.ConvertTime(at, zone));
        }

        return fires;
    }

    private static void Check(string path, string cron, List<string> errors)
    {
        if (!CronExpression.TryParse(cron, out _))
        {
            errors.Add($"{path}: '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week). Example: \"0 30 9 ? * MON-FRI\".");
        }
    }
}

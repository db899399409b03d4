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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string path, string cron, List<string> errors)
    {
        if (!CronExpression.TryParse(cron, out _))
        {
            errors.Add($"{path}: '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week). Example: \"0 30 9 ? * MON-FRI\".");
        }
    }
}

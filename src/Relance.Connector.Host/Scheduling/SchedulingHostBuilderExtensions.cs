using Microsoft.Data.Sqlite;
using Quartz;
using Relance.Connector.Host.Scheduling;
using Relance.Engine.Configuration;

namespace Microsoft.Extensions.Hosting;

internal static class SchedulingHostBuilderExtensions
{
    /// <summary>
    /// Quartz with a persistent store (SQLite by default, schema created on first run; PostgreSQL with clustering),
    /// one job per configured connection, its triggers on the cron expressions from configuration.
    /// </summary>
    public static IHostApplicationBuilder AddRelanceScheduling(this IHostApplicationBuilder builder)
    {
        // A value that does not bind is reported by the start validation with its key path; here the defaults stand in
        // so that building the host never ends in a stack trace.
        var relance = TryGet<RelanceOptions>(builder.Configuration, RelanceOptions.SectionName);
        var scheduling = TryGet<JobStoreOptions>(builder.Configuration, JobStoreOptions.SectionName);

        builder.AddQuartz(q =>
        {
            q.ConfigureOptions<QuartzOptions>(o =>
            {
                // Schedules are declared in appsettings: the configuration wins over what the store remembers.
                o.Scheduling.OverwriteExistingData = true;
                o.Properties["quartz.scheduler.instanceId"] = scheduling.InstanceId;
            });
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                if (scheduling.Store == JobStoreKind.Postgres)
                {
                    store.UsePostgres(scheduling.ConnectionString ?? throw new InvalidOperationException($"{JobStoreOptions.SectionName}:ConnectionString is required when {JobStoreOptions.SectionName}:Store is Postgres."));
                    store.UseClustering(_ => { });
                }
                else
                {
                    store.UseSqlite(SqliteConnectionString(scheduling, relance));
                }

                store.ProvisionSchema();
            });

            foreach (var (name, connection) in relance.Connections.Where(c => c.Value.Enabled))
            {
                var job = ConnectionJob.KeyFor(name);
                q.AddJob<ConnectionJob>(j => j.WithIdentity(job).StoreDurably().UsingJobData(ConnectionJob.ConnectionKey, name));
                var zone = connection.Zone;
                AddTrigger(q, job, name, ConnectionJob.SyncMode, connection.SyncCron, zone);
                AddTrigger(q, job, name, ConnectionJob.DunningMode, connection.DunningCron, zone);
            }

            if (relance.Alerts is { To.Count: > 0, DigestCron.Length: > 0 } alerts && CronExpression.TryParse(alerts.DigestCron, out _))
            {
                var zone = TimeZoneInfo.TryFindSystemTimeZoneById(alerts.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;
                q.AddJob<DigestJob>(j => j.WithIdentity(DigestJob.Key).StoreDurably());
                q.AddTrigger(t => t.ForJob(DigestJob.Key).WithIdentity("digest", "relance")
                    .WithCronSchedule(alerts.DigestCron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });
        var inbox = TryGet<Relance.Engine.Inbox.InboxOptions>(builder.Configuration, Relance.Engine.Inbox.InboxOptions.SectionName);
        if (inbox.Enabled)
        {
            builder.Services.AddQuartz(q =>
            {
                q.AddJob<InboxJob>(j => j.WithIdentity(InboxJob.Key).StoreDurably());
                q.AddTrigger(t => t.ForJob(InboxJob.Key).WithIdentity("inbox", "relance")
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(Math.Clamp(inbox.PollMinutes, 1, 1440))).RepeatForever()));
            });
        }

        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    private static void AddTrigger(IQuartzBuilder q, JobKey job, string connection, string mode, string cron, TimeZoneInfo zone)
    {
        // An invalid expression is reported with its key path by CronValidator at start; do not throw here.
        if (!CronExpression.TryParse(cron, out _))
        {
            return;
        }

        q.AddTrigger(t => t
            .ForJob(job)
            .WithIdentity($"{mode}:{connection}", "relance")
            .UsingJobData(ConnectionJob.ModeKey, mode)
            // After downtime: run once now, then back on the cron — not one run per missed slot.
            .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    private static T TryGet<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }

    private static string SqliteConnectionString(JobStoreOptions scheduling, RelanceOptions relance)
    {
        var connectionString = scheduling.ConnectionString ?? $"Data Source={Path.Combine(relance.DataDirectory, "relance-quartz.db")}";
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return connectionString;
    }
}

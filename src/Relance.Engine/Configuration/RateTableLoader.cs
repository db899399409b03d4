using System.Text.Json;
using Relance.Domain.Law;

namespace Relance.Engine.Configuration;

/// <summary>
/// Reads the dated rate table: the file named by <c>Relance:Law:RatesFile</c>, else <c>late-payment-rates.json</c>
/// next to the relance binary (where an admin finds and updates it), else the copy built into Relance.
/// </summary>
public static class RateTableLoader
{
    /// <summary>The file's name, next to the binary.</summary>
    public const string FileName = "late-payment-rates.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RateTable Load(string? path) => LoadWithOrigin(path).Table;

    /// <summary>The table and where it was read from (a full path, or "built into Relance").</summary>
    public static (RateTable Table, string Origin) LoadWithOrigin(string? path)
    {
        var file = !string.IsNullOrWhiteSpace(path) ? Path.GetFullPath(path) : Path.Combine(AppContext.BaseDirectory, FileName);
        if (!string.IsNullOrWhiteSpace(path) || File.Exists(file))
        {
            using var stream = File.OpenRead(file);
            return (Parse(stream, file), file);
        }

        using var embedded = typeof(RateTableLoader).Assembly.GetManifestResourceStream("Relance.late-payment-rates.json")
            ?? throw new InvalidOperationException("The shipped late-payment rate table is missing from the build.");
        return (Parse(embedded, "the rate table built into Relance"), "built into Relance (no late-payment-rates.json next to the binary)");
    }

    private static RateTable Parse(Stream stream, string origin)
    {
        try
        {
            var table = JsonSerializer.Deserialize<RateTable>(stream, Json) ?? throw new JsonException("empty document");
            var checkedTable = table with
            {
                EcbMainRefinancing = table.EcbMainRefinancing ?? [],
                FrenchLegalInterestProfessional = table.FrenchLegalInterestProfessional ?? [],
                BankOfEnglandBase = table.BankOfEnglandBase ?? [],
            };
            foreach (var series in Enum.GetValues<RateSeries>())
            {
                var (rates, _, name) = checkedTable.Series(series);
                if (rates.GroupBy(r => r.From).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    throw new JsonException($"{name}: two entries from {twice.Key:yyyy-MM-dd}");
                }

                if (rates.FirstOrDefault(r => r.Percent is < -5m or > 50m) is { } odd)
                {
                    throw new JsonException($"{name}: {odd.Percent} % from {odd.From:yyyy-MM-dd} is not a plausible rate");
                }
            }

            return checkedTable;
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Late-payment rate table {origin} is not valid: {ex.Message}", ex);
        }
    }
}

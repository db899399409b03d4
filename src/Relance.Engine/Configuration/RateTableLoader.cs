using System.Text.Json;
using Relance.Domain.Law;

namespace Relance.Engine.Configuration;

/// <summary>Reads the dated rate table: the file named by <c>Relance:Law:RatesFile</c>, else the one shipped inside Relance.</summary>
public static class RateTableLoader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RateTable Load(string? path)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            using var file = File.OpenRead(path);
            return Parse(file, path);
        }

        using var embedded = typeof(RateTableLoader).Assembly.GetManifestResourceStream("Relance.late-payment-rates.json")
            ?? throw new InvalidOperationException("The shipped late-payment rate table is missing from the build.");
        return Parse(embedded, "the shipped rate table");
    }

    private static RateTable Parse(Stream stream, string origin)
    {
        try
        {
            var table = JsonSerializer.Deserialize<RateTable>(stream, Json) ?? throw new JsonException("empty document");
            return table with
            {
                EcbMainRefinancing = table.EcbMainRefinancing ?? [],
                FrenchLegalInterestProfessional = table.FrenchLegalInterestProfessional ?? [],
                BankOfEnglandBase = table.BankOfEnglandBase ?? [],
            };
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Late-payment rate table {origin} is not valid: {ex.Message}", ex);
        }
    }
}

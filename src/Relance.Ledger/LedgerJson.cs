using System.Text.Json;

namespace Relance.Ledger;

internal static class LedgerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

using System.Text.Json;
using Relance.Domain;

namespace Relance.Engine.Dunning;

/// <summary>How a payment plan is kept in the ledger's holds table.</summary>
public static class PaymentPlanJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(PaymentPlan plan) => JsonSerializer.Serialize(plan, Json);

    public static PaymentPlan Read(string json) => JsonSerializer.Deserialize<PaymentPlan>(json, Json) ?? throw new JsonException("empty payment plan");
}

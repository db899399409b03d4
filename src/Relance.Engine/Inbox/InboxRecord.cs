using System.Text.Json;

namespace Relance.Engine.Inbox;

/// <summary>
/// What Relance did with one message of the reply mailbox, kept in the ledger (<c>inbox:msg:…</c>) for
/// <c>relance inbox</c> and the invoice's history. No body is kept: date, sender, subject, classification, match.
/// </summary>
public sealed record InboxRecord(
    DateTimeOffset ReadAt,
    DateTimeOffset? Date,
    string From,
    string Subject,
    InboxKind Kind,
    string Reason,
    string? Connection,
    string? InvoiceId,
    string? CustomerId,
    string? MatchedBy,
    string Outcome,
    ReplyHint? Hint)
{
    public const string KeyPrefix = "inbox:msg:";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public bool Matched => Connection is not null;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static InboxRecord? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<InboxRecord>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

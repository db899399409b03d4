using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relance.Connectors.Http;

/// <summary>A record of a list that could not be read, with what is known of it.</summary>
/// <param name="Id">The record's id as the platform wrote it, or null when even that could not be read.</param>
/// <param name="Reason">The field and what was wrong with it.</param>
public sealed record UnreadableRecord(string? Id, string Reason);

/// <summary>
/// A JSON array of records read one by one: a record whose JSON does not fit its type (a string where a number is
/// due, a null object) is set aside in <see cref="Unreadable"/> with its id and field, and the others are read.
/// Without it, one wrong type fails the whole page and so the whole sync of a connection.
/// </summary>
[JsonConverter(typeof(LenientListConverterFactory))]
public sealed class LenientList<T> : List<T>
{
    public LenientList()
    {
    }

    public LenientList(IEnumerable<T> items)
        : base(items)
    {
    }

    public List<UnreadableRecord> Unreadable { get; } = [];

    /// <summary>Ids of every record of the array, readable or not (what a page guard counts).</summary>
    public IEnumerable<string?> AllIds(Func<T, string?> id) => this.Select(id).Concat(Unreadable.Select(u => u.Id));
}

/// <summary>Creates the converter of <see cref="LenientList{T}"/> for each record type.</summary>
public sealed class LenientListConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(LenientList<>);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(LenientListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]));

    private sealed class LenientListConverter<T> : JsonConverter<LenientList<T>>
    {
        public override LenientList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"expected a list, found {reader.TokenType}");
            }

            var list = new LenientList<T>();
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // A custom converter is handed its whole value buffered, so the reader can be rewound to the start
                // of a record that failed half-way and skip it whole.
                var start = reader;
                try
                {
                    var item = JsonSerializer.Deserialize<T>(ref reader, options);
                    if (item is null)
                    {
                        list.Unreadable.Add(new UnreadableRecord(null, $"record #{index + 1} of the list is null"));
                    }
                    else
                    {
                        list.Add(item);
                    }
                }
                catch (JsonException ex)
                {
                    reader = start;
                    using var raw = JsonDocument.ParseValue(ref reader);
                    list.Unreadable.Add(new UnreadableRecord(IdOf(raw.RootElement), Describe(ex, index)));
                }

                index++;
            }

            return list;
        }

        public override void Write(Utf8JsonWriter writer, LenientList<T> value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(value);
            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }

        private static string? IdOf(JsonElement record)
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in record.EnumerateObject())
            {
                if (property.Name.Equals("id", StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number => property.Value.GetRawText(),
                        _ => null,
                    };
                }
            }

            return null;
        }

        private static string Describe(JsonException exception, int index)
        {
            var reason = BadRecords.Describe(exception);
            return exception.Path is { Length: > 1 }
                ? reason
                : string.Create(CultureInfo.InvariantCulture, $"record #{index + 1} of the list is not readable: {reason}");
        }
    }
}

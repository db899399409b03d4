using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Relance.Connectors;
using Relance.Engine.Dunning;
using Spectre.Console;

namespace Relance.Connector.Host.Cli;

/// <summary>
/// The rows of a listing verb, written for a person (a table as wide as the terminal; one plain line per row when
/// piped or mailed) or for a script (JSON, or CSV in the reader's culture). Cells keep their type until written:
/// text, whole numbers, <see cref="decimal"/>s, <see cref="Money"/>, <see cref="DateOnly"/> and times.
/// </summary>
internal sealed class Listing(params (string Key, string Header)[] columns)
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly List<(CultureInfo Culture, object?[] Cells)> rows = [];

    public int Count => rows.Count;

    /// <param name="culture">How a person reading this row expects its amounts (its connection's culture).</param>
    public void Add(CultureInfo culture, params object?[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {columns.Length} columns.", nameof(cells));
        }

        rows.Add((culture, cells));
    }

    public void Write(CliFormat format, CsvCulture csvCulture, TextWriter? output = null)
    {
        switch (format)
        {
            case CliFormat.Json:
                WriteJson(output ?? Console.Out);
                break;
            case CliFormat.Csv:
                WriteCsv(csvCulture, output);
                break;
            default:
                WriteTable(output);
                break;
        }
    }

    private void WriteTable(TextWriter? output)
    {
        var texts = rows.Select(r => r.Cells.Select(c => Text(c, r.Culture)).ToArray()).ToList();
        if (output is null && !Console.IsOutputRedirected)
        {
            var table = new Table().AddColumns(columns.Select(c => new TableColumn(Markup.Escape(c.Header))).ToArray());
            foreach (var row in texts)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            AnsiConsole.Write(table);
            return;
        }

        // Piped, redirected or mailed: no frame, no wrapping at 80 columns; one row is one line, columns aligned.
        var widths = columns.Select((c, i) => texts.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
        var writer = output ?? Console.Out;
        writer.WriteLine(Line(columns.Select(c => c.Header).ToArray(), widths));
        foreach (var row in texts)
        {
            writer.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private void WriteJson(TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var (_, cells) in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < columns.Length; i++)
                {
                    json.WritePropertyName(columns[i].Key);
                    WriteJsonValue(json, cells[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case decimal number:
                json.WriteNumberValue(number);
                break;
            case Money money:
                json.WriteStartObject();
                json.WriteNumber("amount", Math.Round(money.Amount, 2, MidpointRounding.AwayFromZero));
                json.WriteString("currency", money.Currency);
                json.WriteEndObject();
                break;
            case DateOnly day:
                json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                json.WriteStringValue(time.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }

    private void WriteCsv(CsvCulture csvCulture, TextWriter? output)
    {
        var culture = csvCulture == CsvCulture.French ? CultureInfo.GetCultureInfo("fr-FR") : CultureInfo.InvariantCulture;
        var configuration = new CsvConfiguration(culture)
        {
            Delimiter = csvCulture == CsvCulture.French ? ";" : ",",

            // Text cells are guarded below, where a number can be told from a formula.
            InjectionOptions = InjectionOptions.None,
        };

        // French Excel opens a file as UTF-8 only with its byte order mark; scripts prefer none.
        Console.Out.Flush();
        var writer = output ?? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(csvCulture == CsvCulture.French));
        using var csv = new CsvWriter(writer, configuration, leaveOpen: true);
        foreach (var (key, _) in columns)
        {
            csv.WriteField(key);
            if (MoneyColumn(key))
            {
                csv.WriteField(key + "_currency");
            }
        }

        csv.NextRecord();
        foreach (var (_, cells) in rows)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                switch (cells[i])
                {
                    case Money money:
                        csv.WriteField(Math.Round(money.Amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", culture));
                        csv.WriteField(money.Currency);
                        break;
                    case null when MoneyColumn(columns[i].Key):
                        csv.WriteField("");
                        csv.WriteField("");
                        break;
                    case decimal number:
                        csv.WriteField(number.ToString("0.##", culture));
                        break;
                    case int number:
                        csv.WriteField(number.ToString(culture));
                        break;
                    case DateOnly day:
                        csv.WriteField(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        break;
                    case DateTimeOffset time:
                        csv.WriteField(time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
                        break;
                    default:
                        csv.WriteField(CsvCell.Guard(cells[i]?.ToString()));
                        break;
                }
            }

            csv.NextRecord();
        }

        csv.Flush();
        writer.Flush();
    }

    // A column is of money when any of its cells is; its CSV then has an amount and a currency field.
    private bool MoneyColumn(string key)
    {
        var index = Array.FindIndex(columns, c => c.Key == key);
        return rows.Any(r => r.Cells[index] is Money);
    }

    private static string Text(object? value, CultureInfo culture) => value switch
    {
        null => "",
        Money money => Typography.Money(money, culture),
        decimal number => number.ToString("N2", culture),
        int number => number.ToString(culture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture),
        _ => PlatformText.OneLine(value.ToString()),
    };
}

/// <summary>What a listing verb writes: a table for people, JSON or CSV for scripts and spreadsheets.</summary>
internal enum CliFormat
{
    Table,
    Json,
    Csv,
}

/// <summary>The spreadsheet a CSV is for: <c>en</c> (comma, decimal point, no BOM) or <c>fr</c> (semicolon, decimal comma, UTF-8 BOM).</summary>
internal enum CsvCulture
{
    English,
    French,
}

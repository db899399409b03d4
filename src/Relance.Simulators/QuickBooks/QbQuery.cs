using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Relance.Simulators.QuickBooks;

/// <summary>
/// The subset of the QuickBooks query language Relance uses: <c>SELECT * | COUNT(*) FROM Entity [WHERE a op v
/// [AND ...]] [ORDERBY f [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]</c>; operators =, &lt;, &gt;, &lt;=, &gt;=, IN,
/// LIKE; quoted values with backslash escapes; keywords case-insensitive. Anything else is a parser error, as on Intuit.
/// </summary>
internal sealed partial record QbQuery(bool Count, string Entity, IReadOnlyList<QbCondition> Conditions, string? OrderBy, bool Descending, int StartPosition, int? MaxResults)
{
    public static QbQuery Parse(string text)
    {
        var tokens = Tokenize(text);
        var i = 0;
        string Next() => i < tokens.Count ? tokens[i++] : throw new FormatException("unexpected end of query");
        bool Peek(string keyword) => i < tokens.Count && tokens[i].Equals(keyword, StringComparison.OrdinalIgnoreCase);
        void Expect(string keyword)
        {
            var token = Next();
            if (!token.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"expected {keyword} but found '{token}'");
            }
        }

        Expect("select");
        var count = false;
        if (Peek("*"))
        {
            i++;
        }
        else if (Peek("count"))
        {
            i++;
            Expect("(");
            Expect("*");
            Expect(")");
            count = true;
        }
        else
        {
            throw new FormatException("only SELECT * and SELECT COUNT(*) are supported");
        }

        Expect("from");
        var entity = Next();
        var conditions = new List<QbCondition>();
        if (Peek("where"))
        {
            i++;
            do
            {
                var field = Next();
                var op = Next().ToUpperInvariant();
                if (op is "IN")
                {
                    Expect("(");
                    var values = new List<string>();
                    while (true)
                    {
                        values.Add(Unquote(Next()));
                        var separator = Next();
                        if (separator == ")")
                        {
                            break;
                        }

                        if (separator != ",")
                        {
                            throw new FormatException($"expected , or ) in IN list but found '{separator}'");
                        }
                    }

                    conditions.Add(new QbCondition(field, op, values));
                }
                else if (op is "=" or "<" or ">" or "<=" or ">=" or "LIKE")
                {
                    conditions.Add(new QbCondition(field, op, [Unquote(Next())]));
                }
                else
                {
                    throw new FormatException($"operator '{op}' is not supported");
                }
            }
            while (Peek("and") && i++ >= 0);
        }

        string? orderBy = null;
        var descending = false;
        if (Peek("orderby") || Peek("order"))
        {
            if (tokens[i++].Equals("order", StringComparison.OrdinalIgnoreCase))
            {
                Expect("by");
            }

            orderBy = Next();
            if (Peek("desc") || Peek("asc"))
            {
                descending = Next().Equals("desc", StringComparison.OrdinalIgnoreCase);
            }
        }

        var start = 1;
        int? max = null;
        if (Peek("startposition"))
        {
            i++;
            start = Positive(Next(), "STARTPOSITION");
        }

        if (Peek("maxresults"))
        {
            i++;
            max = Positive(Next(), "MAXRESULTS");
        }

        if (i < tokens.Count)
        {
            throw new FormatException($"unexpected '{tokens[i]}'");
        }

        return new QbQuery(count, entity, conditions, orderBy, descending, start, max);
    }

    private static int Positive(string token, string what) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{what} must be a positive integer, not '{token}'");

    private static string Unquote(string token)
    {
        if (token.Length >= 2 && token[0] == '\'' && token[^1] == '\'')
        {
            var inner = token[1..^1];
            var result = new StringBuilder(inner.Length);
            for (var k = 0; k < inner.Length; k++)
            {
                result.Append(inner[k] == '\\' && k + 1 < inner.Length ? inner[++k] : inner[k]);
            }

            return result.ToString();
        }

        return token;
    }

    private static List<string> Tokenize(string text) =>
        TokenPattern().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"'(?:\\.|[^'\\])*'|<=|>=|[=<>(),*]|[^\s=<>(),*']+")]
    private static partial Regex TokenPattern();
}

internal sealed record QbCondition(string Field, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(object? actual)
    {
        if (Operator == "IN")
        {
            return Values.Any(v => Compare(actual, v) == 0);
        }

        if (Operator == "LIKE")
        {
            var pattern = "^" + Regex.Escape(Values[0]).Replace("%", ".*", StringComparison.Ordinal) + "$";
            return actual is string s && Regex.IsMatch(s, pattern, RegexOptions.IgnoreCase);
        }

        var c = Compare(actual, Values[0]);
        return Operator switch
        {
            "=" => c == 0,
            "<" => c < 0,
            ">" => c > 0,
            "<=" => c <= 0,
            _ => c >= 0,
        };
    }

    private static int Compare(object? actual, string literal) => actual switch
    {
        null => -1,
        decimal d => d.CompareTo(decimal.Parse(literal, CultureInfo.InvariantCulture)),
        bool b => b.CompareTo(bool.Parse(literal)),
        DateOnly day => day.CompareTo(DateOnly.Parse(literal[..10], CultureInfo.InvariantCulture)),
        DateTimeOffset at => at.CompareTo(DateTimeOffset.Parse(literal, CultureInfo.InvariantCulture)),
        _ => string.Compare(actual.ToString(), literal, StringComparison.OrdinalIgnoreCase),
    };
}

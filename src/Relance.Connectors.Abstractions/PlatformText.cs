using System.Text;

namespace Relance.Connectors;

/// <summary>
/// Text that came from outside (a platform's error body, a server's reply) made safe to print on one line: a
/// terminal escape sequence, a CR/LF that would forge a log line, or a bidirectional override cannot pass.
/// </summary>
public static class PlatformText
{
    /// <summary>Line breaks and tabs become spaces, other control and direction-override characters '?'.</summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        if (!text.Any(NeedsReplacing))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\r' or '\n' or '\t' => ' ',
                _ when NeedsReplacing(c) => '?',
                _ => c,
            });
        }

        return builder.ToString();
    }

    private static bool NeedsReplacing(char c) =>
        char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029';
}

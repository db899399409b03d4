namespace Relance.Connectors.QuickBooks.Internal;

/// <summary>
/// Appends a line to a private note without ever dropping what people wrote: when the note would exceed the field's
/// limit, Relance's own oldest lines go first, then the new line is shortened.
/// </summary>
internal static class NoteText
{
    public static string Append(string? existing, string line, int max)
    {
        var lines = string.IsNullOrEmpty(existing) ? [] : existing.Split('\n').ToList();
        lines.Add(line);
        while (Length(lines) > max && lines.FindIndex(l => l.Contains("[relance:", StringComparison.Ordinal)) is var oldest && oldest >= 0 && oldest < lines.Count - 1)
        {
            lines.RemoveAt(oldest);
        }

        var text = string.Join('\n', lines);
        if (text.Length <= max)
        {
            return text;
        }

        // Shorten the words, never the [relance:…] marker that makes a retried write recognisable.
        var room = max - (text.Length - line.Length);
        var markerAt = line.LastIndexOf("[relance:", StringComparison.Ordinal);
        var marker = markerAt >= 0 ? line[markerAt..] : "";
        if (room < marker.Length + 20)
        {
            throw new ConnectorException(ConnectorErrorKind.Platform, $"The invoice's PrivateNote is full ({existing!.Length} of {max} characters written by people): no room for Relance's note.");
        }

        return text[..^line.Length] + line[..(room - marker.Length - 2)] + "… " + marker;
    }

    private static int Length(List<string> lines) => lines.Sum(l => l.Length) + lines.Count - 1;
}

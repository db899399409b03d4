using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Relance.Delivery;

/// <summary>
/// Lays a formal notice out as an A4 PDF, ready to print for a registered letter (LRAR). PDFsharp 6.2.4 (MIT) with
/// the DejaVu Sans font shipped inside Relance: Linux servers have no system fonts PDFsharp could use.
/// </summary>
public static class FormalNoticePdf
{
    private const string Family = "DejaVu Sans";
    private static readonly Lock Gate = new();

    /// <summary>A letter longer than this is refused: a formal notice is one or two pages; more means bad data.</summary>
    public const int MaxPages = 20;

    public static byte[] Render(string title, string body, string sender)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = sender;
        var titleFont = new XFont(Family, 15, XFontStyleEx.Bold);
        var textFont = new XFont(Family, 10);
        const double margin = 56;
        var pageSize = new XSize(595.28, 841.89);
        var width = pageSize.Width - (2 * margin);

        // Lines are wrapped here, long words cut, so that every page takes at least one line: the layout always ends.
        var lines = Wrap(body, textFont, width);
        var index = 0;
        while (index < lines.Count || document.PageCount == 0)
        {
            if (document.PageCount == MaxPages)
            {
                throw new TemplateException($"The formal notice '{title}' would take more than {MaxPages} pages; check the invoice's and the customer's data.");
            }

            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            using var graphics = XGraphics.FromPdfPage(page);
            var y = margin;
            if (document.PageCount == 1)
            {
                foreach (var titleLine in Wrap(title, titleFont, width).Take(3))
                {
                    graphics.DrawString(titleLine, titleFont, XBrushes.Black, new XRect(margin, y, width, 20), XStringFormats.TopLeft);
                    y += 20;
                }

                y += 20;
            }

            var lineHeight = textFont.GetHeight();
            for (var placed = 0; index < lines.Count; index++, placed++)
            {
                var height = lines[index].Length == 0 ? lineHeight * 0.6 : lineHeight;
                if (placed > 0 && y + height > page.Height.Point - margin)
                {
                    break;
                }

                graphics.DrawString(lines[index], textFont, XBrushes.Black, new XRect(margin, y, width, lineHeight), XStringFormats.TopLeft);
                y += height;
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Greedy word wrap measured with the font; a word wider than the line is cut by characters.</summary>
    private static List<string> Wrap(string text, XFont font, double width)
    {
        using var measure = XGraphics.CreateMeasureContext(new XSize(width * 2, 100), XGraphicsUnit.Point, XPageDirection.Downwards);
        bool Fits(string candidate) => measure.MeasureString(candidate, font).Width <= width;
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (paragraph.Trim().Length == 0)
            {
                lines.Add("");
                continue;
            }

            var indent = paragraph[..(paragraph.Length - paragraph.TrimStart().Length)];
            var current = indent;
            foreach (var word in paragraph.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Trim().Length == 0 ? indent + word : current + " " + word;
                if (Fits(candidate))
                {
                    current = candidate;
                    continue;
                }

                if (current.Trim().Length > 0)
                {
                    lines.Add(current);
                }

                current = indent + word;
                while (!Fits(current) && current.Length > 1)
                {
                    // The longest prefix that fits (at least one character), by halving.
                    var (low, high) = (1, current.Length - 1);
                    while (low < high)
                    {
                        var middle = (low + high + 1) / 2;
                        (low, high) = Fits(current[..middle]) ? (middle, high) : (low, middle - 1);
                    }

                    lines.Add(current[..low]);
                    current = current[low..];
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    private static void EnsureFonts()
    {
        lock (Gate)
        {
            // PDFsharp takes one process-wide resolver; an application that set its own keeps it.
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName)
        {
            using var stream = typeof(FormalNoticePdf).Assembly.GetManifestResourceStream($"Relance.Fonts.{faceName}.ttf");
            if (stream is null)
            {
                return null;
            }

            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}

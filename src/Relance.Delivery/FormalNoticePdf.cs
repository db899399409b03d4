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

    /// <summary>A plain letter: the object line, then the text (no letterhead nor addresses).</summary>
    public static byte[] Render(string title, string body, string sender) =>
        Render(new FormalNoticeLayout(title, sender, [], [], "", null, title, body));

    public static byte[] Render(FormalNoticeLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = layout.Title;
        document.Info.Author = layout.Author;
        var boldFont = new XFont(Family, 10, XFontStyleEx.Bold);
        var headFont = new XFont(Family, 12, XFontStyleEx.Bold);
        var smallFont = new XFont(Family, 8.5);
        var textFont = new XFont(Family, 10);
        const double margin = 56;
        var pageSize = new XSize(595.28, 841.89);
        var width = pageSize.Width - (2 * margin);

        // Lines are wrapped here, long words cut, so that every page takes at least one line: the layout always ends.
        var lines = Wrap(layout.Body, textFont, width);
        var index = 0;
        while (index < lines.Count || document.PageCount == 0)
        {
            if (document.PageCount == MaxPages)
            {
                throw new TemplateException($"The formal notice '{layout.Title}' would take more than {MaxPages} pages; check the invoice's and the customer's data.");
            }

            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            using var graphics = XGraphics.FromPdfPage(page);
            var y = margin;
            if (document.PageCount == 1)
            {
                y = DrawHead(graphics, layout, headFont, boldFont, smallFont, textFont, margin, width);
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

    /// <summary>
    /// The first page's head; returns where the text starts. The debtor's block sits where the window of a French DL
    /// or C5 envelope shows it (about 110 mm from the left, 50 mm from the top), the sender's top left, small.
    /// </summary>
    private static double DrawHead(XGraphics graphics, FormalNoticeLayout layout, XFont headFont, XFont boldFont, XFont smallFont, XFont textFont, double margin, double width)
    {
        var y = margin;
        foreach (var (line, i) in layout.Letterhead.Take(8).Select((l, i) => (l, i)))
        {
            var font = i == 0 ? headFont : smallFont;
            foreach (var wrapped in Wrap(line, font, width * 0.45).Take(2))
            {
                graphics.DrawString(wrapped, font, XBrushes.Black, new XRect(margin, y, width * 0.45, font.GetHeight()), XStringFormats.TopLeft);
                y += font.GetHeight();
            }
        }

        const double windowLeft = 312;
        var windowWidth = 595.28 - margin - windowLeft;
        var windowY = 142.0;
        foreach (var (line, i) in layout.Recipient.Take(7).Select((l, i) => (l, i)))
        {
            var font = i == 0 ? boldFont : textFont;
            foreach (var wrapped in Wrap(line, font, windowWidth).Take(2))
            {
                graphics.DrawString(wrapped, font, XBrushes.Black, new XRect(windowLeft, windowY, windowWidth, font.GetHeight()), XStringFormats.TopLeft);
                windowY += font.GetHeight();
            }
        }

        y = Math.Max(Math.Max(y, windowY) + 28, layout.Recipient.Count > 0 ? 262 : y + 28);
        if (layout.PlaceAndDate.Length > 0)
        {
            graphics.DrawString(layout.PlaceAndDate, textFont, XBrushes.Black, new XRect(windowLeft, y, windowWidth, textFont.GetHeight()), XStringFormats.TopLeft);
            y += textFont.GetHeight() * 2.2;
        }

        if (layout.Mention is { Length: > 0 } mention)
        {
            graphics.DrawString(mention, boldFont, XBrushes.Black, new XRect(margin, y, width, boldFont.GetHeight()), XStringFormats.TopLeft);
            y += boldFont.GetHeight() * 1.4;
        }

        foreach (var line in Wrap(layout.Subject, boldFont, width).Take(3))
        {
            graphics.DrawString(line, boldFont, XBrushes.Black, new XRect(margin, y, width, boldFont.GetHeight()), XStringFormats.TopLeft);
            y += boldFont.GetHeight();
        }

        return y + (textFont.GetHeight() * 1.5);
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

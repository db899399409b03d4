using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
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

    public static byte[] Render(string title, string body, string sender)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = sender;
        var titleFont = new XFont(Family, 15, XFontStyleEx.Bold);
        var textFont = new XFont(Family, 10);
        const double margin = 56;
        var paragraphs = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var index = 0;
        while (index < paragraphs.Length || document.PageCount == 0)
        {
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            using var graphics = XGraphics.FromPdfPage(page);
            var formatter = new XTextFormatter(graphics);
            var y = margin;
            if (document.PageCount == 1)
            {
                graphics.DrawString(title, titleFont, XBrushes.Black, new XRect(margin, y, page.Width.Point - (2 * margin), 24), XStringFormats.TopLeft);
                y += 40;
            }

            var width = page.Width.Point - (2 * margin);
            for (; index < paragraphs.Length; index++)
            {
                var text = paragraphs[index];
                // Word wrapping loses part of each line: measure against a slightly narrower width.
                var lines = Math.Max(1, (int)Math.Ceiling(graphics.MeasureString(text.Length == 0 ? " " : text, textFont).Width / (width * 0.9)));
                var height = (lines * textFont.GetHeight()) + 3;
                if (y + height > page.Height.Point - margin)
                {
                    break;
                }

                formatter.DrawString(text, textFont, XBrushes.Black, new XRect(margin, y, width, height), XStringFormats.TopLeft);
                y += text.Length == 0 ? textFont.GetHeight() * 0.6 : height;
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
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

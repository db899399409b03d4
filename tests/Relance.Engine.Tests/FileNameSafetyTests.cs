using System.Text;
using System.Text.RegularExpressions;
using Relance.Engine.Dunning;

namespace Relance.Engine.Tests;

/// <summary>Names Relance gives files from platform data cannot leave their folder, whatever the platform sends.</summary>
[Trait("Suite", "Hostile")]
public sealed partial class FileNameSafetyTests
{
    private static readonly string[] Pieces = ["../", "..\\", "/", "\\", "\0", "\r\n", "C:", "~", ".", " ", "F-2026-", "é", "\u202E", "%2e%2e%2f", "<script>", "{{x}}", "CON", "ﬁ", "😀"];

    [Fact]
    public void Ten_thousand_generated_invoice_numbers_make_attachment_names_without_separators_dots_or_control_characters()
    {
        var random = new Random(20261204);
        for (var n = 0; n < 10_000; n++)
        {
            var number = new StringBuilder();
            for (var i = random.Next(0, 12); i > 0; i--)
            {
                number.Append(random.Next(3) == 0 ? new string((char)random.Next(0, 0x3000), random.Next(1, 400)) : Pieces[random.Next(Pieces.Length)]);
            }

            var safe = ReminderComposer.Safe(number.ToString());

            Assert.Matches(Allowed(), safe);
            Assert.Equal(Path.GetFileName(safe), safe);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{0,60}$")]
    private static partial Regex Allowed();
}

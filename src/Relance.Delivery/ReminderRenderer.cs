using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Options;
using Scriban;
using Scriban.Runtime;

namespace Relance.Delivery;

/// <summary>Renders reminders from Scriban templates, parsed once and cached, in a sandbox.</summary>
public sealed class ReminderRenderer
{
    private readonly TemplateOptions _options;
    private readonly ConcurrentDictionary<(string Language, string Name), Template?> _cache = new();

    public ReminderRenderer(IOptions<TemplateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>Renders <paramref name="templateName"/> in <paramref name="language"/>, or the default language when absent.</summary>
    public RenderedMessage Render(string templateName, string? language, ReminderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var resolvedLanguage = ResolveLanguage(templateName, language);
        var template = Load(resolvedLanguage, templateName)
            ?? throw new TemplateException($"Template '{templateName}' exists neither in '{language}' nor in '{_options.DefaultLanguage}'.");

        var globals = new ScriptObject();
        globals.Import(model);
        var context = new TemplateContext
        {
            StrictVariables = true,
            LoopLimit = 1000,
            RecursiveLimit = 20,
            LimitToString = 100_000,
            TemplateLoader = null,
        };
        context.PushGlobal(globals);

        string text;
        try
        {
            text = template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException ex)
        {
            throw new TemplateException($"Template '{resolvedLanguage}/{templateName}' failed to render: {ex.Message}", ex);
        }

        return Split(text, templateName);
    }

    /// <summary>True when the template exists in the default language (the fallback every customer can get).</summary>
    public bool Exists(string templateName) => Load(Normalize(null), templateName) is not null;

    /// <summary>The language actually used for a customer language (falls back to the default).</summary>
    public string ResolveLanguage(string templateName, string? language)
    {
        var wanted = Normalize(language);
        return Load(wanted, templateName) is not null ? wanted : _options.DefaultLanguage.Trim().ToLowerInvariant();
    }

    private static RenderedMessage Split(string text, string templateName)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\n');
        var newline = normalized.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = newline < 0 ? normalized : normalized[..newline];
        var colon = firstLine.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new TemplateException($"Template '{templateName}' must start with a subject line ('Subject: …' / 'Objet : …').");
        }

        var body = newline < 0 ? string.Empty : normalized[(newline + 1)..].Trim('\n');
        return new RenderedMessage(firstLine[(colon + 1)..].Trim(), body + "\n");
    }

    private Template? Load(string language, string name) => _cache.GetOrAdd((language, name), key =>
    {
        var text = ReadOverride(key.Language, key.Name) ?? ReadEmbedded(key.Language, key.Name);
        if (text is null)
        {
            return null;
        }

        var template = Template.Parse(text, $"{key.Language}/{key.Name}.sbn");
        if (template.HasErrors)
        {
            throw new TemplateException($"Template '{key.Language}/{key.Name}' does not parse: {string.Join("; ", template.Messages)}");
        }

        return template;
    });

    private string? ReadOverride(string language, string name)
    {
        if (string.IsNullOrWhiteSpace(_options.Directory))
        {
            return null;
        }

        var path = Path.Combine(_options.Directory, language, name + ".sbn");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static string? ReadEmbedded(string language, string name)
    {
        using var stream = typeof(ReminderRenderer).Assembly.GetManifestResourceStream($"Relance.Templates.{language}/{name}.sbn")
            ?? typeof(ReminderRenderer).Assembly.GetManifestResourceStream($"Relance.Templates.{language}\\{name}.sbn");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // A language is two ASCII letters ("fr", "en" from "en_GB"): anything else from a platform (say "..") would
    // otherwise become part of a template path.
    private string Normalize(string? language)
    {
        var code = language?.Trim() is { Length: >= 2 } trimmed ? trimmed[..2].ToLowerInvariant() : null;
        return code is not null && code.All(char.IsAsciiLetterLower) ? code : _options.DefaultLanguage.Trim().ToLowerInvariant();
    }
}

using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Relance.Connectors;

/// <summary>
/// Compares a configuration section with the options class it binds to, key by key: a misspelt key, a value of the
/// wrong type or an enum value that does not exist is reported with its full path, where the binder would silently
/// ignore it (or drop the whole connection it belongs to). Connectors use it for their <c>Settings</c>.
/// </summary>
public static class ConfigurationShape
{
    /// <param name="section">The section to check.</param>
    /// <param name="type">The class it binds to.</param>
    /// <param name="path">Its full key path, prefixed to every problem.</param>
    /// <param name="skip">Key paths (full) whose content is free-form or checked elsewhere.</param>
    /// <param name="alsoKnown">Further keys allowed directly in <paramref name="section"/> (sections bound elsewhere).</param>
    public static IReadOnlyList<string> Problems(IConfiguration section, Type type, string path, Func<string, bool>? skip = null, IReadOnlyCollection<string>? alsoKnown = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var problems = new List<string>();
        CheckObject(section, type, path, skip ?? (_ => false), problems, alsoKnown ?? []);
        return problems;
    }

    /// <summary>The closest of <paramref name="candidates"/> to a misspelt <paramref name="key"/>, if one is close enough.</summary>
    public static string? Closest(string key, IEnumerable<string> candidates) => Nearest(key, candidates, 1).FirstOrDefault();

    /// <summary>Up to <paramref name="count"/> of <paramref name="candidates"/> close enough to a misspelt <paramref name="key"/>, closest first.</summary>
    public static IReadOnlyList<string> Nearest(string key, IEnumerable<string> candidates, int count)
    {
        ArgumentNullException.ThrowIfNull(key);
        var upper = key.ToUpperInvariant();
        return candidates.Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(upper, c.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    private static void CheckObject(IConfiguration section, Type type, string path, Func<string, bool> skip, List<string> problems, IReadOnlyCollection<string>? alsoKnown = null)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.CanWrite || (p.CanRead && !IsScalar(p.PropertyType))))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var childPath = $"{path}:{child.Key}";
            if (skip(childPath))
            {
                continue;
            }

            if (!properties.TryGetValue(child.Key, out var property))
            {
                var known = properties.Keys.Concat(alsoKnown ?? []).ToList();
                var hint = Closest(child.Key, known) is { } near ? $"; did you mean '{near}'?" : $"; known settings here: {string.Join(", ", known.Order(StringComparer.Ordinal))}.";
                problems.Add($"{childPath}: unknown setting, ignored by Relance{hint}");
                continue;
            }

            Check(child, property.PropertyType, childPath, skip, problems);
        }
    }

    private static void Check(IConfigurationSection section, Type type, string path, Func<string, bool> skip, List<string> problems)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        if (IsScalar(target))
        {
            if (children.Count > 0)
            {
                problems.Add($"{path}: expected a single value ({Describe(target)}), found a section.");
            }
            else if (section.Value is { Length: > 0 } value && Problem(value, target) is { } problem)
            {
                problems.Add($"{path}: '{Shown(value)}' {problem}.");
            }

            return;
        }

        if (DictionaryValueType(target) is { } valueType)
        {
            foreach (var child in children.Where(c => !skip($"{path}:{c.Key}")))
            {
                Check(child, valueType, $"{path}:{child.Key}", skip, problems);
            }

            return;
        }

        if (ElementType(target) is { } elementType)
        {
            if (children.Count == 0 && section.Value is { Length: > 0 } single)
            {
                problems.Add($"{path}: '{Shown(single)}' is a single value where a list is expected (write it as [ \"{Shown(single)}\" ] in JSON).");
                return;
            }

            foreach (var child in children)
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"{path}:{child.Key}: '{child.Key}' is not a list position; {path} is a list.");
                    continue;
                }

                Check(child, elementType, $"{path}:{child.Key}", skip, problems);
            }

            return;
        }

        if (children.Count == 0 && section.Value is { Length: > 0 } text)
        {
            problems.Add($"{path}: '{Shown(text)}' is a single value where a section of settings is expected.");
            return;
        }

        CheckObject(section, target, path, skip, problems);
    }

    private static string? Problem(string value, Type type)
    {
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var found = names.FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
            if (found is not null)
            {
                return null;
            }

            var near = Closest(value, names);
            return $"is not one of {string.Join(", ", names)}{(near is null ? "" : $" (did you mean '{near}'?)")}";
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(value.Trim(), out _) ? null : "is not true or false";
        }

        try
        {
            var converter = TypeDescriptor.GetConverter(type);
            _ = converter.ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException || ex.InnerException is FormatException or OverflowException)
        {
            return $"is not {Describe(type)}";
        }
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(decimal) || type == typeof(double) => "a number (with a dot for decimals, like 12.5)",
        _ when type == typeof(TimeSpan) => "a duration like 00:10:00",
        _ when type == typeof(DateOnly) => "a date like 2026-01-31",
        _ when type == typeof(Uri) => "an address like https://example.com/",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => "a text",
    };

    private static bool IsScalar(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsPrimitive || target.IsEnum || target == typeof(string) || target == typeof(decimal) || target == typeof(TimeSpan)
            || target == typeof(DateOnly) || target == typeof(DateTime) || target == typeof(DateTimeOffset) || target == typeof(TimeOnly)
            || target == typeof(Uri) || target == typeof(Guid);
    }

    private static Type? DictionaryValueType(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(Dictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
        ?.GetGenericArguments() is [var key, var value] && key == typeof(string) ? value : null;

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return (type.IsGenericType ? type : null)?.GetGenericArguments() is [var element] ? element
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    // A value is shown short and printable: it may be a pasted secret or a whole JSON blob.
    private static string Shown(string value) => PlatformText.OneLine(value.Length > 40 ? value[..40] + "…" : value);

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

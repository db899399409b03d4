namespace Relance.Connectors;

/// <summary>Outcome of <see cref="IInvoiceConnector.CheckAsync"/>. Never an exception: a failed check is a result.</summary>
/// <param name="Succeeded">True when credentials work and scopes are enough.</param>
/// <param name="Message">What is wrong and how to fix it, in words an admin can act on.</param>
public sealed record ConnectionCheckResult(bool Succeeded, string Message)
{
    /// <summary>What a run will need, each proved (or not) on its own: read invoices, read customers, write notes…</summary>
    public IReadOnlyList<PermissionCheck> Permissions { get; init; } = [];

    public static ConnectionCheckResult Ok(string message = "Connection works.") => new(true, message);

    public static ConnectionCheckResult Failed(string message) => new(false, message);

    /// <summary>Succeeds when no permission was refused; the message says what was proved and what could not be.</summary>
    public static ConnectionCheckResult Of(string platform, IReadOnlyList<PermissionCheck> permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var refused = permissions.Where(p => p.Granted == false).ToList();
        var message = refused.Count > 0
            ? $"{platform}: {string.Join("; ", refused.Select(p => $"{p.What}: {p.Detail}"))}"
            : $"{platform} answered: {string.Join(", ", permissions.Where(p => p.Granted == true).Select(p => p.What))} proved{(permissions.Any(p => p.Granted is null) ? $"; not provable without acting: {string.Join(", ", permissions.Where(p => p.Granted is null).Select(p => p.What))}" : "")}.";
        return new ConnectionCheckResult(refused.Count == 0, message) { Permissions = permissions };
    }
}

/// <summary>One thing a run needs from the platform.</summary>
/// <param name="What">"read invoices", "read customers", "write notes"…</param>
/// <param name="Granted">True proved, false refused, null not provable without acting (e.g. writing a note).</param>
/// <param name="Detail">The platform's answer, or what to check by hand.</param>
public sealed record PermissionCheck(string What, bool? Granted, string Detail);

namespace Relance.Connectors;

/// <summary>Outcome of <see cref="IInvoiceConnector.CheckAsync"/>. Never an exception: a failed check is a result.</summary>
/// <param name="Succeeded">True when credentials work and scopes are enough.</param>
/// <param name="Message">What is wrong and how to fix it, in words an admin can act on.</param>
public sealed record ConnectionCheckResult(bool Succeeded, string Message)
{
    public static ConnectionCheckResult Ok(string message = "Connection works.") => new(true, message);

    public static ConnectionCheckResult Failed(string message) => new(false, message);
}

namespace Relance.Connectors.Http;

/// <summary>
/// One cheap call that proves one permission: granted when it answers, refused (with the platform's reason, as the
/// connector explains it) when the platform says no. An unreachable platform is not a refusal: it is rethrown, and
/// the check as a whole reports the network.
/// </summary>
public static class PermissionProbe
{
    /// <param name="granted">What to say when the call answers, "ok" by default.</param>
    /// <param name="notServed">An answer that proves nothing either way (an endpoint this server does not serve): said, not refused.</param>
    public static async Task<PermissionCheck> RunAsync(string what, Func<Task> call, Func<Exception, string?> explain, Func<string>? granted = null, Func<Exception, string?>? notServed = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(explain);
        try
        {
            await call();
            return new PermissionCheck(what, true, granted?.Invoke() ?? "ok");
        }
        catch (Exception ex) when (notServed?.Invoke(ex) is { } unknown)
        {
            return new PermissionCheck(what, null, unknown);
        }
        catch (Exception ex) when (!NetworkFailures.IsNetworkFailure(ex) && ex is not OperationCanceledException && explain(ex) is { } reason)
        {
            return new PermissionCheck(what, false, reason);
        }
    }
}

namespace Relance.Connectors.Http;

/// <summary>
/// One cheap call that proves one permission: granted when it answers, refused (with the platform's reason, as the
/// connector explains it) when the platform says no. An unreachable platform is not a refusal: it is rethrown, and
/// the check as a whole reports the network.
/// </summary>
public static class PermissionProbe
{
    public static async Task<PermissionCheck> RunAsync(string what, Func<Task> call, Func<Exception, string?> explain)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(explain);
        try
        {
            await call();
            return new PermissionCheck(what, true, "ok");
        }
        catch (Exception ex) when (!NetworkFailures.IsNetworkFailure(ex) && ex is not OperationCanceledException && explain(ex) is { } reason)
        {
            return new PermissionCheck(what, false, reason);
        }
    }
}

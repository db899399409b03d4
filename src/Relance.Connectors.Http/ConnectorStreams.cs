using System.Runtime.CompilerServices;

namespace Relance.Connectors.Http;

/// <summary>Helpers for the record streams connectors return.</summary>
public static class ConnectorStreams
{
    /// <summary>
    /// Passes the items through, turning what <paramref name="wrap"/> recognises (HTTP, network, Refit errors) into
    /// its <see cref="ConnectorException"/> — a <c>yield</c> cannot sit in a try/catch, so streams need this wrapper.
    /// </summary>
    public static async IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> items, Func<Exception, ConnectorException?> wrap, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(wrap);
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (wrap(ex) is { } wrapped)
            {
                throw wrapped;
            }

            yield return enumerator.Current;
        }
    }
}

namespace Relance.Engine.Connections;

/// <summary>Turns a <c>secret:NAME</c> reference in a connection's settings into its value.</summary>
public interface ISecretResolver
{
    Task<string> ResolveAsync(string name, CancellationToken cancellationToken);
}

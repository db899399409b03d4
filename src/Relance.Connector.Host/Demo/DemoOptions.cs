namespace Relance.Connector.Host.Demo;

/// <summary>Arguments of <c>relance demo</c>.</summary>
internal sealed record DemoOptions(string DataDirectory, int Days, bool Reset);

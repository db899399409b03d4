namespace Relance.Connectors.Pennylane.Models;

internal sealed record PennylanePage<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor);

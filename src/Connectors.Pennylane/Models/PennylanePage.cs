using Relance.Connectors.Http;

namespace Relance.Connectors.Pennylane.Models;

internal sealed record PennylanePage<T>(LenientList<T> Items, bool HasMore, string? NextCursor);

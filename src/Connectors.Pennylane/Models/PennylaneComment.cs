namespace Relance.Connectors.Pennylane.Models;

internal sealed record PennylaneComment(long Id, string? Content);

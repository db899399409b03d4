namespace Relance.Connectors.Pennylane.Models;

internal sealed record PennylaneChange(long Id, string Operation, DateTimeOffset ProcessedAt);

namespace Relance.Simulators.Pennylane;

/// <summary>One changelog entry.</summary>
public sealed record SimChange(long Id, string Operation, DateTimeOffset ProcessedAt);

/// <summary>A comment posted on an invoice.</summary>
public sealed record SimComment(long Id, long InvoiceId, string Content, DateTimeOffset CreatedAt);

/// <summary>A <c>send_by_email</c> call.</summary>
public sealed record SimSend(long InvoiceId, IReadOnlyList<string> Recipients, DateTimeOffset At);

/// <summary>A payment the simulator applies when its clock reaches <see cref="At"/>.</summary>
public sealed record SimScheduledPayment(long InvoiceId, DateTimeOffset At, decimal Amount);

/// <summary>One request as the simulator saw it, for tests to assert on call patterns.</summary>
public sealed record SimRequest(string Method, string PathAndQuery, int Status, DateTimeOffset At);

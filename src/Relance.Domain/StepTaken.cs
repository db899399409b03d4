namespace Relance.Domain;

/// <summary>A step occurrence the ledger already holds for an invoice (claimed, sent, awaiting approval, open task...).</summary>
/// <param name="Key">The ledger key: the step name, then "name#2", "name#3" for repeats.</param>
/// <param name="On">The local day it was taken.</param>
/// <param name="Blocking">True while it holds the escalation (awaiting approval, open task, unsure send).</param>
/// <param name="Waiting">What it waits for, in the words the plan shows (default: approval or completion).</param>
public sealed record StepTaken(string Key, DateOnly On, bool Blocking = false, string? Waiting = null);

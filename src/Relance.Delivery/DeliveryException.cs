namespace Relance.Delivery;

/// <summary>A send that failed. <see cref="MaybeSent"/> tells whether the message may still have left.</summary>
public sealed class DeliveryException(string message, bool maybeSent, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>True when the failure happened after the server could have accepted the message.</summary>
    public bool MaybeSent { get; } = maybeSent;

    /// <summary>
    /// The relay itself failed (unreachable, no TLS, login refused), not one message: every send of the run will fail
    /// the same way, which is an admin's problem rather than a customer's.
    /// </summary>
    public bool RelayFailure { get; init; }
}

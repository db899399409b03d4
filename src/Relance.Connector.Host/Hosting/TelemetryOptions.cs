namespace Relance.Connector.Host.Hosting;

/// <summary>
/// <c>Relance:Telemetry</c>: OpenTelemetry traces and metrics (runs, HTTP and SMTP calls, reminders by step, channel and
/// outcome, open and overdue amounts, rate-limit pauses, retries). Off by default.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Relance:Telemetry";

    /// <summary>Collect traces and metrics (implied by <see cref="OtlpEndpoint"/>). <value>The default value is false.</value></summary>
    public bool Enabled { get; set; }

    /// <summary>Where an OpenTelemetry collector listens, e.g. http://127.0.0.1:4317 (gRPC) or :4318 (HTTP).</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Grpc or HttpProtobuf. <value>The default value is Grpc.</value></summary>
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;
}

public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

namespace Relance.Connector.Host.Demo;

/// <summary>Arguments of <c>relance demo</c>.</summary>
internal sealed record DemoOptions(string DataDirectory, int Days, bool Reset, DemoScenario Scenario = DemoScenario.Standard);

/// <summary>What the demo shows.</summary>
internal enum DemoScenario
{
    /// <summary>Four small companies on the three platforms, every kind of action.</summary>
    Standard,

    /// <summary>
    /// A first day on a large account behind a daily quota: 3 000 Axonaut invoices, 30 requests a day. The first full
    /// read goes on day after day from where the quota stopped it; reminders wait until it is complete.
    /// </summary>
    Quota,
}

namespace Relance.Engine.Configuration;

/// <summary>How Relance behaves when the platform's own reminder sequence is active (do not double-chase).</summary>
public enum PlatformRemindersPolicy
{
    Skip,
    Warn,
}

namespace Cart.Storage.Observability.Tests;

/// <summary>The documented instrument and tag names (docs/observability.md), spelled out so a rename fails the tests.</summary>
internal static class Tags
{
    public const string Operations = "cart.storage.operations";
    public const string Duration = "cart.storage.operation.duration";
    public const string Conflicts = "cart.storage.conflicts";
    public const string Retries = "cart.storage.retries";
    public const string LockWait = "cart.storage.lock.wait.duration";
    public const string LockTimeouts = "cart.storage.lock.timeouts";
    public const string PayloadSize = "cart.storage.payload.size";

    public const string Backend = "cart.storage.backend";
    public const string Operation = "cart.storage.operation";
    public const string Outcome = "cart.storage.outcome";
    public const string Instance = "cart.storage.instance";
    public const string LockOutcome = "cart.storage.lock.outcome";
    public const string ErrorType = "error.type";
}

namespace CartStorage;

/// <summary>Tag names and values of the cart storage's metrics and spans (OpenTelemetry style: lower case, dotted, snake_case values).</summary>
internal static class CartTelemetryTags
{
    public const string Backend = "cart.storage.backend";
    public const string Operation = "cart.storage.operation";
    public const string Outcome = "cart.storage.outcome";
    public const string Instance = "cart.storage.instance";
    public const string LockOutcome = "cart.storage.lock.outcome";

    /// <summary>The OpenTelemetry semantic-convention attribute for the type of a failure.</summary>
    public const string ErrorType = "error.type";

    public const string Success = "success";
    public const string Acquired = "acquired";
    public const string Timeout = "timeout";

    /// <summary>The outcome of an operation that ended with <paramref name="error"/>; <see cref="Success"/> when none.</summary>
    public static string OutcomeOf(Exception? error) => error switch
    {
        null => Success,
        CartConflictException => "conflict",
        CartLockTimeoutException => "lock_timeout",
        CartLimitExceededException => "limit_exceeded",
        CartDataCorruptedException => "data_corrupted",
        OperationCanceledException => "canceled",
        ArgumentException => "invalid_argument",
        _ => "error",
    };
}

using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// The one place that decides what a StackExchange.Redis failure means for a write, for <see cref="RedisStorage"/> and
/// <see cref="RedLockCartLockProvider"/>: a server that answers but cannot take a write now (<c>READONLY</c>,
/// <c>LOADING</c>, <c>MASTERDOWN</c>, <c>CLUSTERDOWN</c>, <c>TRYAGAIN</c>), or a connection that knows the server is a
/// replica and does not send, <em>refused</em> the command: it did not run. A connection failure before the command was
/// written did not send it. A timeout, or a connection lost after the command was written, may have let it run.
/// Each becomes <see cref="CartStorageUnavailableException"/> with a message that says which; the message names the
/// driver's exception type and error code only (a driver's message can hold a key, which holds the cart's identifier).
/// </summary>
internal static class RedisFailures
{
    /// <summary>
    /// Why the server refused the command (it did not run, so retrying it is safe), or <see langword="null"/> when
    /// <paramref name="exception"/> is no refusal. The error codes are the core's (<see cref="CartStoreFailures.Refusal"/>),
    /// shared with the cache path.
    /// </summary>
    public static string? Refusal(Exception exception) => CartStoreFailures.Refusal(exception);

    /// <summary>
    /// <paramref name="exception"/> as <see cref="CartStorageUnavailableException"/>, or <see langword="null"/> when it
    /// is no store failure (an error reply about the command itself, such as <c>WRONGTYPE</c>, passes unchanged).
    /// </summary>
    /// <param name="exception">The driver's exception; it becomes the inner exception.</param>
    /// <param name="what">What failed, such as <c>Redis</c> or <c>The cart lock servers</c>.</param>
    /// <param name="identifier">The cart's identifier, for <see cref="CartStorageException.Identifier"/> only.</param>
    /// <param name="instance">The cart's instance.</param>
    public static CartStorageUnavailableException? Unavailable(Exception exception, string what, string? identifier = null, string? instance = null)
    {
        var (kind, cause) = Refusal(exception) is { } reason
            ? (CartStoreFailureKind.Refused, reason)
            : exception switch
            {
                RedisConnectionException e => (NotSent(e.CommandStatus) ? CartStoreFailureKind.Unreachable : CartStoreFailureKind.Interrupted, $"{e.GetType().Name}, {e.FailureType}"),
                RedisTimeoutException e => (NotSent(e.Commandstatus) ? CartStoreFailureKind.Unreachable : CartStoreFailureKind.Interrupted, e.GetType().Name),
                _ => (CartStoreFailureKind.Unreachable, (string?)null),
            };
        return cause is null ? null : CartStorageUnavailableException.Create(what, kind, cause, exception, identifier, instance);
    }

    private static bool NotSent(CommandStatus status) => status is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog;
}

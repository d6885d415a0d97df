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
    /// <paramref name="exception"/> is no refusal. The error codes are the core's (<see cref="StoreFailures.Refusal"/>),
    /// shared with the cache path.
    /// </summary>
    public static string? Refusal(Exception exception) => StoreFailures.Refusal(exception);

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
        var message = Refusal(exception) is { } reason
            ? $"{what} refused the command: {reason}. It did not run, so nothing was written; try again once the server takes writes."
            : exception switch
            {
                RedisConnectionException e when NotSent(e.CommandStatus) =>
                    $"{what} could not be reached ({e.GetType().Name}, {e.FailureType}); the command was never sent, so nothing was written.",
                RedisConnectionException e =>
                    $"{what} could not be reached ({e.GetType().Name}, {e.FailureType}) after the command may have been sent; whether the write took effect is unknown: read the cart again before retrying.",
                RedisTimeoutException e when NotSent(e.Commandstatus) =>
                    $"{what} did not answer in time ({e.GetType().Name}) and the command was never sent, so nothing was written.",
                RedisTimeoutException e =>
                    $"{what} did not answer in time ({e.GetType().Name}) after the command was sent; whether the write took effect is unknown: read the cart again before retrying.",
                _ => null,
            };
        return message is null ? null : new CartStorageUnavailableException(message, identifier, instance, exception);
    }

    private static bool NotSent(CommandStatus status) => status is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog;
}

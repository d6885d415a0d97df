using Microsoft.Extensions.Logging;

namespace CartStorage.Redis;

public sealed partial class RedisStorage
{
    private static partial class Log
    {
        [LoggerMessage(RedisEventIds.RedisRetrying, LogLevel.Debug, "A cart (instance '{Instance}') changed after it was read at version {Version}; attempt {Attempt} failed, retrying in {DelayMs} ms.", EventName = nameof(RedisEventIds.RedisRetrying))]
        public static partial void Retrying(ILogger logger, string instance, long version, int attempt, double delayMs);

        [LoggerMessage(RedisEventIds.RedisGaveUp, LogLevel.Warning, "A cart (instance '{Instance}') kept changing under {Attempts} attempts; giving up with a conflict. Raise Cart:Redis:Retry:MaxAttempts if this cart is this contended.", EventName = nameof(RedisEventIds.RedisGaveUp))]
        public static partial void GaveUp(ILogger logger, string instance, int attempts);

        [LoggerMessage(RedisEventIds.RedisMovePending, LogLevel.Warning, "A move of cart instance '{Instance}' was claimed but its target could not take it ({Reason}); it stays pending and the next swap or merge from this cart finishes it.", EventName = nameof(RedisEventIds.RedisMovePending))]
        public static partial void MovePending(ILogger logger, string instance, string reason);
    }
}

using Microsoft.Extensions.Logging;

namespace CartStorage.Redis;

public sealed partial class RedisStorage
{
    private static partial class Log
    {
        [LoggerMessage(RedisEventIds.RedisMovePending, LogLevel.Warning, "A move of cart instance '{Instance}' was claimed but its target could not take it ({Reason}); it stays pending and the next swap or merge from this cart finishes it.", EventName = nameof(RedisEventIds.RedisMovePending))]
        public static partial void MovePending(ILogger logger, string instance, string reason);
    }
}

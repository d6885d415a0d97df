using Microsoft.Extensions.Logging;
using RedLockNet;

namespace CartStorage.Redis;

public sealed partial class RedLockCartLockProvider
{
    private static partial class Log
    {
        [LoggerMessage(RedisEventIds.LockTimedOut, LogLevel.Warning, "Cart lock not acquired within {Timeout}: another writer holds it (last RedLock status {Status}).", EventName = nameof(RedisEventIds.LockTimedOut))]
        public static partial void TimedOut(ILogger logger, TimeSpan timeout, RedLockStatus status);

        [LoggerMessage(RedisEventIds.LockServersUnreachable, LogLevel.Error, "Cart lock servers unreachable: {Connected} of {Total} connected, no majority answered within {Timeout} (last RedLock status {Status}).", EventName = nameof(RedisEventIds.LockServersUnreachable))]
        public static partial void Unreachable(ILogger logger, TimeSpan timeout, int connected, int total, string status);

        [LoggerMessage(RedisEventIds.LockRefused, LogLevel.Error, "Cart lock not taken within {Timeout}: {Connected} of {Total} lock servers connected, and a lock server refused the write: {Reason}.", EventName = nameof(RedisEventIds.LockRefused))]
        public static partial void Refused(ILogger logger, TimeSpan timeout, int connected, int total, string reason);
    }
}

using Microsoft.Extensions.Logging;
using RedLockNet;

namespace CartStorage.Redis;

public sealed partial class RedLockCartLockProvider
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cart lock {Resource} not acquired within {Timeout}; last RedLock status {Status}.")]
        public static partial void TimedOut(ILogger logger, string resource, TimeSpan timeout, RedLockStatus status);
    }
}

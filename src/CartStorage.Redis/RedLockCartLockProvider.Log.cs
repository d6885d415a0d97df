using Microsoft.Extensions.Logging;
using RedLockNet;

namespace CartStorage.Redis;

public sealed partial class RedLockCartLockProvider
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cart lock not acquired within {Timeout}: another writer holds it (last RedLock status {Status}).")]
        public static partial void TimedOut(ILogger logger, TimeSpan timeout, RedLockStatus status);

        [LoggerMessage(2, LogLevel.Error, "Cart lock servers unreachable: {Connected} of {Total} connected, no majority answered within {Timeout} (last RedLock status {Status}).")]
        public static partial void Unreachable(ILogger logger, TimeSpan timeout, int connected, int total, string status);

        [LoggerMessage(3, LogLevel.Error, "Cart lock not taken within {Timeout}: {Connected} of {Total} lock servers connected, and a lock server refused the write: {Reason}.")]
        public static partial void Refused(ILogger logger, TimeSpan timeout, int connected, int total, string reason);
    }
}

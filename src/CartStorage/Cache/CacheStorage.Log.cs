using Microsoft.Extensions.Logging;

namespace CartStorage;

public sealed partial class CacheStorage
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cart:Cache:UseLocking is true but no lock provider (ICartLockProvider) is registered: cart writes are plain read-modify-writes and the last writer wins across servers. Register one with .AddRedisLocking() (package CartStorage.Redis).")]
        public static partial void LockingUnavailable(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "Cart:Cache:UseLocking is true but the carts are in an in-process cache ({CacheType}): every server has its own carts, so the storage is not safe across servers whatever the locks. Register a distributed cache, such as AddStackExchangeRedisCache (package Microsoft.Extensions.Caching.StackExchangeRedis), before AddCartStorage.")]
        public static partial void CacheNotShared(ILogger logger, string cacheType);

        [LoggerMessage(2, LogLevel.Information, "Cart storage flushed: new generation {Generation}.")]
        public static partial void Flushed(ILogger logger, string generation);
    }
}

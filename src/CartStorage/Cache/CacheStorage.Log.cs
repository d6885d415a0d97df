using Microsoft.Extensions.Logging;

namespace CartStorage;

public sealed partial class CacheStorage
{
    private static partial class Log
    {
        [LoggerMessage(CartEventIds.CacheLockingUnavailable, LogLevel.Warning, "Cart:Cache:UseLocking is true but no lock provider (ICartLockProvider) is registered: cart writes are plain read-modify-writes and the last writer wins across servers. Register one with .AddRedisLocking() (package CartStorage.Redis).", EventName = nameof(CartEventIds.CacheLockingUnavailable))]
        public static partial void LockingUnavailable(ILogger logger);

        [LoggerMessage(CartEventIds.CacheNotShared, LogLevel.Warning, "Cart:Cache:UseLocking is true but the carts are in an in-process cache ({CacheType}): every server has its own carts, so the storage is not safe across servers whatever the locks. Register a distributed cache, such as AddStackExchangeRedisCache (package Microsoft.Extensions.Caching.StackExchangeRedis), before AddCartStorage.", EventName = nameof(CartEventIds.CacheNotShared))]
        public static partial void CacheNotShared(ILogger logger, string cacheType);

        [LoggerMessage(CartEventIds.CacheFlushed, LogLevel.Information, "Cart storage flushed: new generation {Generation}.", EventName = nameof(CartEventIds.CacheFlushed))]
        public static partial void Flushed(ILogger logger, string generation);

        [LoggerMessage(CartEventIds.CacheSaveNotCheckedAcrossServers, LogLevel.Warning, "SaveAsync on a cache storage without locking: the expected version is checked by this process only, so two servers saving the same version at once can both succeed and the last write wins (If-Match is not enforced across servers). Turn on Cart:Cache:UseLocking with .AddRedisLocking(), or use the Redis or Database driver. Logged once per storage.", EventName = nameof(CartEventIds.CacheSaveNotCheckedAcrossServers))]
        public static partial void SaveNotCheckedAcrossServers(ILogger logger);

        [LoggerMessage(CartEventIds.CacheIndexDiscarded, LogLevel.Warning, "An instance index of the cart cache could not be read and was discarded; the instances it listed are no longer listed until they are written again.", EventName = nameof(CartEventIds.CacheIndexDiscarded))]
        public static partial void IndexDiscarded(ILogger logger, Exception exception);

        [LoggerMessage(CartEventIds.CacheMoveSettled, LogLevel.Information, "A cart move (merge or swap) left half done by an interrupted call was {Outcome} before the cart was used again.", EventName = nameof(CartEventIds.CacheMoveSettled))]
        public static partial void MoveSettled(ILogger logger, string outcome);
    }
}

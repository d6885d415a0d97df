using Microsoft.Extensions.Logging;

namespace CartStorage.Database;

public sealed partial class DatabaseStorage
{
    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Debug, "A cart (instance '{Instance}') changed after it was read at version {Version}; attempt {Attempt} failed, retrying in {DelayMs} ms.")]
        public static partial void Retrying(ILogger logger, string instance, long version, int attempt, double delayMs);

        [LoggerMessage(3, LogLevel.Warning, "A cart (instance '{Instance}') kept changing under {Attempts} attempts; giving up with a conflict. Raise Cart:Database:Retry:MaxAttempts or use Cart:Database:LockForUpdate if this cart is this contended.")]
        public static partial void GaveUp(ILogger logger, string instance, int attempts);

        [LoggerMessage(4, LogLevel.Information, "Purged {Count} carts of table {Table} not written since {Before}.")]
        public static partial void Purged(ILogger logger, long count, string table, DateTimeOffset before);

        [LoggerMessage(5, LogLevel.Information, "Cart table {Table} flushed.")]
        public static partial void Flushed(ILogger logger, string table);
    }
}

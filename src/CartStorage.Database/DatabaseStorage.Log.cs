using Microsoft.Extensions.Logging;

namespace CartStorage.Database;

public sealed partial class DatabaseStorage
{
    private static partial class Log
    {
        [LoggerMessage(DatabaseEventIds.DatabaseRetrying, LogLevel.Debug, "A cart (instance '{Instance}') changed after it was read at version {Version}; attempt {Attempt} failed, retrying in {DelayMs} ms.", EventName = nameof(DatabaseEventIds.DatabaseRetrying))]
        public static partial void Retrying(ILogger logger, string instance, long version, int attempt, double delayMs);

        [LoggerMessage(DatabaseEventIds.DatabaseGaveUp, LogLevel.Warning, "A cart (instance '{Instance}') kept changing under {Attempts} attempts; giving up with a conflict. Raise Cart:Database:Retry:MaxAttempts or use Cart:Database:LockForUpdate if this cart is this contended.", EventName = nameof(DatabaseEventIds.DatabaseGaveUp))]
        public static partial void GaveUp(ILogger logger, string instance, int attempts);

        [LoggerMessage(DatabaseEventIds.DatabasePurged, LogLevel.Information, "Purged {Count} carts of table {Table} not written since {Before}.", EventName = nameof(DatabaseEventIds.DatabasePurged))]
        public static partial void Purged(ILogger logger, long count, string table, DateTimeOffset before);

        [LoggerMessage(DatabaseEventIds.DatabaseFlushed, LogLevel.Information, "Cart table {Table} flushed.", EventName = nameof(DatabaseEventIds.DatabaseFlushed))]
        public static partial void Flushed(ILogger logger, string table);
    }
}

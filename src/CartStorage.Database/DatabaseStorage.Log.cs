using Microsoft.Extensions.Logging;

namespace CartStorage.Database;

public sealed partial class DatabaseStorage
{
    private static partial class Log
    {
        [LoggerMessage(DatabaseEventIds.DatabasePurged, LogLevel.Information, "Purged {Count} carts of table {Table} not written since {Before}.", EventName = nameof(DatabaseEventIds.DatabasePurged))]
        public static partial void Purged(ILogger logger, long count, string table, DateTimeOffset before);

        [LoggerMessage(DatabaseEventIds.DatabaseFlushed, LogLevel.Information, "Cart table {Table} flushed.", EventName = nameof(DatabaseEventIds.DatabaseFlushed))]
        public static partial void Flushed(ILogger logger, string table);
    }
}

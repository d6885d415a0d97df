using Microsoft.Extensions.Logging;

namespace CartStorage.Database;

internal sealed partial class CartPurgeService
{
    private static partial class Log
    {
        [LoggerMessage(DatabaseEventIds.DatabasePurgeFailed, LogLevel.Error, "Purging old carts failed; trying again at the next interval.", EventName = nameof(DatabaseEventIds.DatabasePurgeFailed))]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}

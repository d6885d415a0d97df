using Microsoft.Extensions.Logging;

namespace CartStorage.AspNetCore;

public sealed partial class SessionStorage
{
    private static partial class Log
    {
        [LoggerMessage(AspNetCoreEventIds.SessionFlushed, LogLevel.Information, "Cart storage flushed from the current session: {Count} entries removed.", EventName = nameof(AspNetCoreEventIds.SessionFlushed))]
        public static partial void Flushed(ILogger logger, int count);
    }
}

using Microsoft.Extensions.Logging;

namespace CartStorage.AspNetCore;

public sealed partial class SessionStorage
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Cart storage flushed from the current session: {Count} entries removed.")]
        public static partial void Flushed(ILogger logger, int count);
    }
}

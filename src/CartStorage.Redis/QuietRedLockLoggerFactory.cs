using Microsoft.Extensions.Logging;

namespace CartStorage.Redis;

/// <summary>
/// The logger factory handed to RedLock.net: its Information messages (one per lock acquisition, hundreds a second
/// on a busy shop) are written at Debug, so they stay out of a default log. Warnings and errors keep their level. To
/// see every acquisition again, enable Debug for the <c>RedLockNet</c> category
/// (<c>"Logging": { "LogLevel": { "RedLockNet": "Debug" } }</c>).
/// </summary>
internal sealed class QuietRedLockLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new QuietLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>Does nothing: the application owns the inner factory.</summary>
    public void Dispose()
    {
    }

    private sealed class QuietLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Quiet(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(Quiet(logLevel), eventId, state, exception, formatter);

        private static LogLevel Quiet(LogLevel level) => level == LogLevel.Information ? LogLevel.Debug : level;
    }
}

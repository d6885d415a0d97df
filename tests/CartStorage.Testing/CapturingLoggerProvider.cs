using Microsoft.Extensions.Logging;

namespace CartStorage.Testing;

/// <summary>Keeps every log message, for tests that assert what was logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Text, Exception? Exception)> messages = [];

    /// <summary>A logger factory that writes to this provider.</summary>
    public ILoggerFactory Factory() => LoggerFactory.Create(b => b.AddProvider(this));

    public IReadOnlyList<(LogLevel Level, string Text)> Messages
    {
        get
        {
            lock (messages)
            {
                return [.. messages.Select(m => (m.Level, m.Text))];
            }
        }
    }

    /// <summary>Every message with the text of its exception, for tests that assert what a log line may not contain.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (messages)
            {
                return [.. messages.Select(m => m.Text + " " + m.Exception)];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.messages)
            {
                owner.messages.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }
}

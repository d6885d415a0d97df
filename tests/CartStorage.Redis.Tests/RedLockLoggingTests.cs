using CartStorage.Testing;
using Microsoft.Extensions.Logging;
using static CartStorage.Redis.Tests.LockingRedis;

namespace CartStorage.Redis.Tests;

/// <summary>RedLock.net logs each acquisition at Information; the provider hands it a factory that writes those at Debug.</summary>
public sealed class RedLockLoggingTests
{
    [Fact]
    public async Task Lock_acquisitions_are_logged_at_Debug_not_Information()
    {
        var logs = new Captured();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        await using var locks = new RedLockCartLockProvider([await TestServers.RedisAsync()], loggerFactory: factory);

        for (var i = 0; i < 3; i++)
        {
            await using var held = await locks.AcquireAsync(NewPrefix() + ":{r}:lock:x", TimeSpan.FromSeconds(5));
        }

        logs.Entries.Where(e => e.Category.StartsWith("RedLockNet", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(e => e.Level <= LogLevel.Debug, "an acquisition is routine, not news");
    }

    private sealed class Captured : ILoggerProvider
    {
        private readonly List<(string Category, LogLevel Level)> entries = [];

        public IReadOnlyList<(string Category, LogLevel Level)> Entries
        {
            get
            {
                lock (entries)
                {
                    return [.. entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Captured owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.entries)
                {
                    owner.entries.Add((category, logLevel));
                }
            }
        }
    }
}

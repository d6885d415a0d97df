using CartStorage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// A password (and a host name that looks secret) fed through every option key that takes a connection or
/// configuration string, malformed so that validation fails: the secret appears in no exception message (inner ones
/// included, and every validation failure) and in no log line, whichever registration validates it.
/// </summary>
public sealed class SecretsInMessagesTests
{
    private const string Secret = "hunter2x7f3a";
    private const string SecretHost = "db-hunter2x7f3a.internal";

    public static TheoryData<string, string, string> Inputs => new()
    {
        { "Redis", "Cart:Redis:Configuration", $"{SecretHost}:6379,password={Secret},notAnOption=1" },
        { "Redis", "Cart:Redis:Configuration", $"{SecretHost}:6379,password={Secret},ssl={Secret}" },
        { "RedisLocking", "Cart:Redis:Configuration", $"{SecretHost}:6379,password={Secret},notAnOption=1" },
        { "RedisLocking", "Cart:Redis:Configuration", $"127.0.0.1:6379;{SecretHost}:6379,password={Secret},connectTimeout={Secret}" },
        { "Sqlite", "Cart:Database:ConnectionString", $"Data Source={SecretHost}.db;Password={Secret};Colour=blue" },
        { "Sqlite", "Cart:Database:ConnectionString", $"Data Source={SecretHost}.db;Password={Secret};Mode={Secret}" },
        { "PostgreSql", "Cart:Database:ConnectionString", $"Host={SecretHost};Password={Secret};Colour=blue" },
        { "PostgreSql", "Cart:Database:ConnectionString", $"Host={SecretHost};Password={Secret};Port={Secret}" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task A_malformed_connection_string_is_refused_without_repeating_its_password_or_host(string backend, string key, string value)
    {
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?> { [key] = value };
        switch (backend)
        {
            case "Redis": settings["Cart:Driver"] = "Redis"; break;
            case "RedisLocking": settings["Cart:Cache:UseLocking"] = "true"; break;
            default: settings["Cart:Driver"] = "Database"; break;
        }

        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var builder = services.AddCartStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Cart"));
        _ = backend switch
        {
            "Redis" => builder.AddRedis(),
            "RedisLocking" => builder.AddRedisLocking(),
            "Sqlite" => builder.AddSqlite(),
            _ => builder.AddPostgreSql(),
        };
        await using var provider = services.BuildServiceProvider();

        var failures = new List<Exception>();
        foreach (var resolve in new Func<object?>[]
        {
            () =>
            {
                provider.GetRequiredService<IStartupValidator>().Validate();
                return null;
            },
            () => provider.GetRequiredService<IOptions<CartStorageOptions>>().Value,
            () => provider.GetRequiredService<IOptions<CartStorage.Redis.CartRedisOptions>>().Value,
            () => provider.GetService<IOptions<CartStorage.Database.CartDatabaseOptions>>()?.Value,
            () => provider.GetService<ICartLockProvider>(),
            () => provider.GetRequiredService<ICartStorage>(),
        })
        {
            try
            {
                resolve();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        failures.Should().NotBeEmpty("the malformed {0} must be refused", key);
        failures.Should().Contain(e => Messages(e).Any(m => m.Contains(key, StringComparison.Ordinal)), "the refusal names the key");
        foreach (var message in failures.SelectMany(Messages).Concat(logs.Lines))
        {
            message.Should().NotContain(Secret).And.NotContain(SecretHost);
        }
    }

    /// <summary>The message of an exception, of every validation failure it lists and of every inner exception.</summary>
    private static IEnumerable<string> Messages(Exception exception)
    {
        yield return exception.Message;
        if (exception is OptionsValidationException validation)
        {
            foreach (var failure in validation.Failures)
            {
                yield return failure;
            }
        }

        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var message in inner.SelectMany(Messages))
        {
            yield return message;
        }
    }
}

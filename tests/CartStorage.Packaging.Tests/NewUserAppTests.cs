using CartStorage.Testing;

namespace CartStorage.Packaging.Tests;

/// <summary>
/// A fresh web application built from the packed packages runs the README quick start, and each configuration trap a
/// new user fell into is caught: the startup log says what was chosen, warns, or fails with a message that says why.
/// </summary>
[Collection(nameof(PackedFeed))]
public sealed class NewUserAppTests(PackedFeed feed)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? built;

    private const string Program = """
        using CartStorage;

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        var cart = builder.Services.AddCartStorage(builder.Configuration.GetSection("Cart"));
        switch (args[0])
        {
            case "sqlite":
                cart.AddSqlite();
                break;
            case "two-dialects":
                cart.AddSqlite().AddPostgreSql();
                break;
            case "locking-without-distributed-cache":
                cart.AddRedisLocking();
                break;
            case "locking-with-redis-cache":
                builder.Services.AddStackExchangeRedisCache(o => o.Configuration = builder.Configuration["Cart:Redis:Configuration"]);
                cart.AddRedisLocking();
                break;
        }

        var app = builder.Build();
        await app.StartAsync();
        var carts = app.Services.GetRequiredService<ICartStorage>();
        CartSnapshot snapshot = await carts.AddItemAsync("alice", "default", new CartItem { Id = "sku-1", Quantity = 2 });
        Console.WriteLine($"RESULT quantity={snapshot.Items[0].Quantity} safe={carts.Capabilities.SafeAcrossServers} backend={carts.Capabilities.Backend}");
        await app.StopAsync();
        """;

    [Fact]
    public async Task One_storage_package_and_no_driver_stores_in_SQLite_and_says_so_at_startup()
    {
        var directory = Path.Combine(feed.Directory, "apps", "sqlite-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "carts.db");

        var output = await RunAsync("sqlite", 0, new() { ["Cart__Database__ConnectionString"] = $"Data Source={database}" });

        output.Should().Contain("Cart storage: driver Database").And.Contain("SafeAcrossServers = True");
        output.Should().Contain("RESULT quantity=2 safe=True backend=database");
        File.Exists(database).Should().BeTrue("the carts are in the SQLite file, not in memory");
    }

    [Fact]
    public async Task Two_dialects_fail_at_startup_saying_two_are_registered()
    {
        var output = await RunAsync("two-dialects", 1, new() { ["Cart__Database__ConnectionString"] = "Host=127.0.0.1;Database=x" });

        output.Should().Contain("Two database dialects are registered");
    }

    [Fact]
    public async Task Locking_without_a_distributed_cache_warns_at_startup_and_does_not_claim_safety()
    {
        var output = await RunAsync("locking-without-distributed-cache", 0, new()
        {
            ["Cart__Cache__UseLocking"] = "true",
            ["Cart__Redis__Configuration"] = TestServers.RedisEndpoint,
        });

        output.Should().Contain("in-process cache").And.Contain("AddStackExchangeRedisCache");
        output.Should().Contain("RESULT quantity=2 safe=False backend=cache");
    }

    [Fact]
    public async Task Locking_over_a_Redis_cache_works_with_the_oldest_supported_StackExchange_Redis()
    {
        var output = await RunAsync("locking-with-redis-cache", 0, new()
        {
            ["Cart__Cache__UseLocking"] = "true",
            ["Cart__Redis__Configuration"] = TestServers.RedisEndpoint,
            ["Cart__KeyPrefix"] = "newuser" + Guid.NewGuid().ToString("N")[..8],
        });

        output.Should().Contain("RESULT quantity=2 safe=True backend=cache").And.NotContain("warn:");
    }

    private async Task<string> RunAsync(string scenario, int expectedExitCode, Dictionary<string, string> environment)
    {
        var directory = await BuildAsync();
        environment["CART_STORAGE_DRIVER"] = string.Empty;
        var (exitCode, output) = await Dotnet.TryRunAsync(directory, environment, "run", "--no-build", "--", scenario);
        (exitCode == 0 ? 0 : 1).Should().Be(expectedExitCode, output);
        return output;
    }

    /// <summary>Builds the application once per test run; StackExchange.Redis is pinned to the floor CartStorage.Redis declares.</summary>
    private async Task<string> BuildAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (built is null)
            {
                var directory = AppProject.Create(feed, "NewUserApp", [("StackExchange.Redis", "2.7.27"), ("Microsoft.Extensions.Caching.StackExchangeRedis", "10.0.15")]);
                await File.WriteAllTextAsync(Path.Combine(directory, "Program.cs"), Program);
                await Dotnet.RunAsync(directory, "build");
                built = directory;
            }

            return built;
        }
        finally
        {
            Gate.Release();
        }
    }
}

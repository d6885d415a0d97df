using CartStorage.PostgreSql;
using CartStorage.Sqlite;
using CartStorage.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CartStorage.Database.Tests;

/// <summary>Registration, configuration and the DDL shipped in docs/sql/.</summary>
public sealed class DatabaseRegistrationTests
{
    public static TheoryData<string> Dialects => new() { "sqlite", "postgresql" };

    [Theory]
    [MemberData(nameof(Dialects))]
    public void The_shipped_ddl_is_what_the_library_runs(string dialect)
    {
        var sql = dialect == "sqlite" ? (CartSqlDialect)new SqliteCartSqlDialect() : new PostgreSqlCartSqlDialect();
        var file = Repository.File("docs", "sql", dialect + ".sql");
        var shipped = string.Join('\n', File.ReadAllLines(file).Where(line => !line.StartsWith("--", StringComparison.Ordinal))).Trim();

        shipped.Should().Be(string.Join("\n\n", sql.CreateTable(CartTableName.Parse("carts")).Select(statement => statement + ";")));
    }

    [Fact]
    public async Task AddSqlite_reads_Cart_Database_from_configuration_and_serves_ICartStorage()
    {
        await using var database = new SqliteTestDatabase();
        await using var provider = Build(
            new() { ["Cart:Driver"] = "Database", ["Cart:Database:ConnectionString"] = database.ConnectionString, ["Cart:Database:Table"] = database.Table },
            builder => builder.AddSqlite());

        var storage = provider.GetRequiredService<ICartStorage>();
        await storage.PutItemsAsync("u", "default", [CartData.Item("a")]);

        storage.Should().BeOfType<DatabaseStorage>().Which.Table.Name.Should().Be(database.Table);
        (await database.TableExistsAsync(database.Table)).Should().BeTrue();
    }

    [Fact]
    public async Task AddPostgreSql_uses_the_NpgsqlDataSource_the_application_registered()
    {
        await using var database = new PostgreSqlTestDatabase();
        await database.EnsureReachableAsync();
        await using var provider = Build(
            new() { ["Cart:Driver"] = "Database", ["Cart:Database:Table"] = database.Table },
            builder =>
            {
                builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
                builder.AddPostgreSql();
            });

        await provider.GetRequiredService<ICartStorage>().PutItemsAsync("u", "default", [CartData.Item("a")]);

        (await database.TableExistsAsync(database.Table)).Should().BeTrue();
    }

    [Fact]
    public async Task AddPostgreSql_without_a_connection_string_fails_at_startup_naming_the_key()
    {
        await using var provider = Build(new() { ["Cart:Driver"] = "Database" }, builder => builder.AddPostgreSql());

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Database:ConnectionString*");
    }

    [Theory]
    [InlineData("Cart:Database:ConnectionString", "Data Source=x.db;Colour=blue")]
    [InlineData("Cart:Database:Retry:MaxAttempts", "0")]
    [InlineData("Cart:Database:Retry:MaxDelay", "-00:00:01")]
    [InlineData("Cart:Database:Purge:Interval", "00:00:00")]
    [InlineData("Cart:Database:Purge:Retention", "-1.00:00:00")]
    [InlineData("Cart:Database:Purge:BatchSize", "0")]
    [InlineData("Cart:Database:Table", "carts;--")]
    public async Task A_bad_database_setting_fails_at_startup_naming_the_key(string key, string value)
    {
        await using var provider = Build(new() { ["Cart:Driver"] = "Database", [key] = value }, builder => builder.AddSqlite());

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage($"*{key}*");
    }

    [Fact]
    public async Task CART_DB_LOCK_FOR_UPDATE_overrides_the_file_and_a_malformed_value_fails_naming_it()
    {
        await using var on = Build(new() { ["Cart:Database:LockForUpdate"] = "false" }, builder => builder.AddSqlite(), new() { ["CART_DB_LOCK_FOR_UPDATE"] = "TRUE" });
        on.GetRequiredService<IOptions<CartDatabaseOptions>>().Value.LockForUpdate.Should().BeTrue();

        await using var bad = Build([], builder => builder.AddSqlite(), new() { ["CART_DB_LOCK_FOR_UPDATE"] = "on" });
        FluentActions.Invoking(() => bad.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*CART_DB_LOCK_FOR_UPDATE*");
    }

    [Fact]
    public async Task Two_dialects_fail_at_startup_saying_so()
    {
        await using var provider = Build(
            new() { ["Cart:Driver"] = "Database", ["Cart:Database:ConnectionString"] = "Host=localhost;Database=x" },
            builder => builder.AddSqlite().AddPostgreSql());

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*Two database dialects*AddSqlite()*AddPostgreSql()*");
    }

    [Fact]
    public async Task One_storage_package_without_a_driver_selects_it()
    {
        await using var database = new SqliteTestDatabase();
        await using var provider = Build(
            new() { ["Cart:Database:ConnectionString"] = database.ConnectionString, ["Cart:Database:Table"] = database.Table },
            builder => builder.AddSqlite());

        provider.GetRequiredService<IStartupValidator>().Validate();
        provider.GetRequiredService<ICartStorage>().Should().BeOfType<DatabaseStorage>();
    }

    [Fact]
    public void The_database_defaults_are_the_documented_ones()
    {
        var options = new CartDatabaseOptions();

        options.Table.Should().Be("carts");
        options.CreateTable.Should().BeTrue();
        options.LockForUpdate.Should().BeFalse();
        options.Retry.MaxAttempts.Should().Be(10);
        options.Retry.BaseDelay.Should().Be(TimeSpan.FromMilliseconds(10));
        options.Retry.MaxDelay.Should().Be(TimeSpan.FromSeconds(1));
        options.Purge.Enabled.Should().BeFalse();
        options.Purge.Interval.Should().Be(TimeSpan.FromHours(1));
        options.Purge.Retention.Should().Be(TimeSpan.FromDays(30));
        options.Purge.BatchSize.Should().Be(1000);
        CartStorageBuilderSqliteExtensions.DefaultConnectionString.Should().Be("Data Source=carts.db");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<CartStorageBuilder> backend, Dictionary<string, string>? environment = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(name => environment?.GetValueOrDefault(name)));
        backend(services.AddCartStorage(configuration.GetSection("Cart")));
        return services.BuildServiceProvider();
    }
}

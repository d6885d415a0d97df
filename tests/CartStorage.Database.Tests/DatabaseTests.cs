namespace CartStorage.Database.Tests;

/// <summary>Tests on one throwaway <see cref="TestDatabase"/>: a PostgreSQL server is checked reachable first, the table dropped after.</summary>
public abstract class DatabaseTests(TestDatabase database) : IAsyncLifetime
{
    protected const string Default = "default";

    protected TestDatabase Database { get; } = database;

    public async Task InitializeAsync()
    {
        if (Database is PostgreSqlTestDatabase postgres)
        {
            await postgres.EnsureReachableAsync();
        }
    }

    public Task DisposeAsync() => Database.DisposeAsync().AsTask();
}

using CartStorage.Testing;
using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>The contract suite on <see cref="RedisStorage"/> over a single redis-server.</summary>
public sealed class RedisStorageContractTests : RedisStorageContractTestsBase
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => TestServers.RedisAsync();
}

/// <summary>The contract suite on <see cref="RedisStorage"/> over a 3-primary Redis Cluster.</summary>
public sealed class RedisClusterStorageContractTests : RedisStorageContractTestsBase
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => TestServers.RedisClusterAsync();
}

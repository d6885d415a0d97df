using StackExchange.Redis;

namespace CartStorage.Redis.Tests.Store;

/// <summary>RedisStorage instances over the shared test connections (single server or cluster).</summary>
internal static class RedisStores
{
    public const string Default = "default";

    public static RedisStorage Create(IConnectionMultiplexer redis, CartStorageOptions options, CartRedisOptions? redisOptions = null) =>
        new(redis, Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Options.Options.Create(redisOptions ?? new CartRedisOptions()));

    public static RedisStorage Create(IConnectionMultiplexer redis, string prefix) => Create(redis, new CartStorageOptions { KeyPrefix = prefix });

    /// <summary>The gateway the storage uses, for tests that stop a swap or merge between its steps.</summary>
    public static RedisCartStore Gateway(IConnectionMultiplexer redis, string prefix) =>
        new(redis, new RedisCartKeys(prefix), TimeSpan.FromDays(1), new CartRetryPolicy("Cart:Redis:Retry", 10, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));

    /// <summary>
    /// Step 1 of a move of <paramref name="guest"/>'s default cart into <paramref name="user"/>, alone: what a process
    /// that crashed right after it leaves behind.
    /// </summary>
    public static async Task ClaimAsync(RedisStorage storage, RedisCartStore gateway, string guest, string user, string mode = nameof(CartMergeStrategy.AddQuantities))
    {
        var source = (await storage.GetAsync(guest, Default))!;
        var target = await storage.GetAsync(user, Default);
        var claim = await gateway.ClaimAsync(new CartKey(guest, Default), source, $"{source.Id:N}:{source.Version}", user, mode, target is null ? "0" : $"{target.Id:N}:{target.Version}", CancellationToken.None);
        claim.Outcome.Should().Be(RedisCartOutcome.Done);
    }

    public static int Quantity(CartSnapshot? cart, string item = "sku") =>
        cart?.Items.SingleOrDefault(i => i.Id == item)?.Quantity ?? 0;
}
